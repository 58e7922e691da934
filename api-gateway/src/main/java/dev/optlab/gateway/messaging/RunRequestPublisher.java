package dev.optlab.gateway.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.gateway.GatewayConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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

  /**
   * Publishes {@code requests} in order; on the first one the broker does not take, stops and
   * throws a {@link PublishException} that says which runs were queued before it (they will run)
   * and which were not. The producer gives a record up ({@code delivery.timeout.ms}) before this
   * waits out {@code gateway.publish-timeout}, so a run reported as not queued is not delivered
   * later either.
   */
  public void publish(List<RunRequested> requests) {
    List<String> queued = new ArrayList<>();
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
      try {
        emitter.send(message);
        acknowledged.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException(request, "interrupted", queued, requests, e);
      } catch (ExecutionException e) {
        throw new PublishException(request, describe(e.getCause()), queued, requests, e);
      } catch (TimeoutException e) {
        throw new PublishException(
            request,
            "no answer in " + config.publishTimeout().toSeconds() + " s",
            queued,
            requests,
            e);
      } catch (RuntimeException e) {
        throw new PublishException(request, describe(e), queued, requests, e);
      }
      queued.add(request.runId());
    }
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null
        ? failure.getClass().getSimpleName()
        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  /** The broker did not take a run request; the runs before it were queued, the rest were not. */
  public static final class PublishException extends RuntimeException {
    private final List<String> queued;
    private final List<String> notQueued;

    PublishException(
        RunRequested failed,
        String reason,
        List<String> queued,
        List<RunRequested> all,
        Throwable cause) {
      super("the broker did not take run request " + failed.runId() + " (" + reason + ")", cause);
      this.queued = List.copyOf(queued);
      this.notQueued =
          all.stream().map(RunRequested::runId).filter(id -> !queued.contains(id)).toList();
    }

    /** Runs queued before the failure: they will run. */
    public List<String> queued() {
      return queued;
    }

    public List<String> notQueued() {
      return notQueued;
    }
  }
}
