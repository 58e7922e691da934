package dev.optlab.gateway.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.CancelRun;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends {@link CancelRun} to {@code run-control}, which every trainer reads. */
@ApplicationScoped
public class CancelPublisher {
  private final Emitter<String> emitter;

  CancelPublisher(@Channel(Channels.RUN_CONTROL_OUT) Emitter<String> emitter) {
    this.emitter = emitter;
  }

  public void cancel(String runId, String reason) {
    emitter.send(
        Message.of(Json.write(CancelRun.of(runId, reason)))
            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()));
  }
}
