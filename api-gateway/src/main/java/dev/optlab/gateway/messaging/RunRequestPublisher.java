package dev.optlab.gateway.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.gateway.GatewayConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes run requests keyed by run id, one at a time, each acknowledged by the broker before the
 * next is sent: every request travels in its own batch, so the share group can hand them to
 * different trainers.
 */
@ApplicationScoped
public class RunRequestPublisher {
  private final Emitter<String> emitter;
  private final GatewayConfig config;

  RunRequestPublisher(
      @Channel(Channels.RUN_REQUESTS_OUT) Emitter<String> emitter, GatewayConfig config) {
    this.emitter = emitter;
    this.config = config;
  }

  public void publish(List<RunRequested> requests) {
    for (RunRequested request : requests) {
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      Message<String> message =
          Message.of(Json.write(request))
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder().withKey(request.runId()).build())
              .withAck(
                  () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                  })
              .withNack(
                  failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                  });
      emitter.send(message);
      try {
        acknowledged.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException("interrupted while publishing " + request.runId(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new PublishException(
            "the broker did not take run request " + request.runId() + ": " + e.getMessage(), e);
      }
    }
  }

  public static final class PublishException extends RuntimeException {
    PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
