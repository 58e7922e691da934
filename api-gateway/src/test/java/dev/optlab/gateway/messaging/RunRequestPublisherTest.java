package dev.optlab.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.gateway.GatewayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class RunRequestPublisherTest {
  /** Acknowledges the first {@code taken} messages, then nacks as a producer giving a record up. */
  private static final class Broker implements Emitter<String> {
    final List<String> sent = new ArrayList<>();
    private final int taken;

    Broker(int taken) {
      this.taken = taken;
    }

    @Override
    public <M extends Message<? extends String>> void send(M message) {
      sent.add(Json.read(message.getPayload(), RunRequested.class).runId());
      if (sent.size() <= taken) {
        message.ack();
      } else {
        message.nack(new TimeoutException("Expiring 1 record(s) for run-requests-0"));
      }
    }

    @Override
    public CompletionStage<Void> send(String payload) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      send(
          Message.of(
              payload,
              () -> {
                done.complete(null);
                return CompletableFuture.completedFuture(null);
              },
              failure -> {
                done.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
              }));
      return done;
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean hasRequests() {
      return true;
    }
  }

  private static final GatewayConfig CONFIG =
      new GatewayConfig() {
        @Override
        public String metricsUrl() {
          return "http://127.0.0.1:1";
        }

        @Override
        public String grafanaUrl() {
          return "http://127.0.0.1:1";
        }

        @Override
        public Duration publishTimeout() {
          return Duration.ofSeconds(5);
        }

        @Override
        public Optional<String> apiToken() {
          return Optional.empty();
        }

        @Override
        public boolean awaitReplay() {
          return false;
        }
      };

  private static List<RunRequested> runs(int count) {
    RunSpec spec = Json.read("{\"optimizer\":{\"type\":\"sgd\"}}", RunSpec.class);
    List<RunRequested> runs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      runs.add(RunRequested.of("exp", "exp-r0" + i, spec, Instant.EPOCH));
    }
    return runs;
  }

  @Test
  void aRequestTheBrokerDoesNotTakeStopsThePublishingAndSaysWhatWasQueued() {
    Broker broker = new Broker(1);
    var publisher = new RunRequestPublisher(broker, CONFIG);

    var error =
        assertThrows(RunRequestPublisher.PublishException.class, () -> publisher.publish(runs(3)));

    assertEquals(List.of("exp-r01", "exp-r02"), broker.sent, "nothing sent after the failure");
    assertEquals(List.of("exp-r01"), error.queued());
    assertEquals(List.of("exp-r02", "exp-r03"), error.notQueued());
    assertEquals(
        "the broker did not take run request exp-r02 (TimeoutException: Expiring 1 record(s) for"
            + " run-requests-0)",
        error.getMessage());
  }

  @Test
  void everyRequestTakenIsPublishedInOrder() {
    Broker broker = new Broker(3);
    new RunRequestPublisher(broker, CONFIG).publish(runs(3));
    assertEquals(List.of("exp-r01", "exp-r02", "exp-r03"), broker.sent);
  }
}
