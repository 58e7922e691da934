package dev.optlab.trainer.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunStatusChanged;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Sends the trainer's events, each keyed by its run id so one run's events stay in order. */
@ApplicationScoped
public class EventPublisher {
  public static final String DEAD_LETTER_REASON = "dead-letter-reason";

  private final Emitter<String> status;
  private final Emitter<String> metrics;
  private final Emitter<String> deadLetters;

  EventPublisher(
      @Channel(Channels.RUN_STATUS_OUT)
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
          Emitter<String> status,
      @Channel(Channels.TRAINING_METRICS_OUT)
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
          Emitter<String> metrics,
      @Channel(Channels.RUN_REQUESTS_DLQ_OUT) Emitter<String> deadLetters) {
    this.status = status;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  public void status(RunStatusChanged event) {
    status.send(keyed(event.runId(), Json.write(event)));
  }

  public void metric(MetricEvent event) {
    metrics.send(keyed(event.runId(), Json.write(event)));
  }

  /** Copies an unreadable run request to the dead-letter topic with the reason in a header. */
  public void deadLetter(String key, String value, String reason) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
    deadLetters.send(Message.of(value == null ? "" : value).addMetadata(metadata));
  }

  private static Message<String> keyed(String key, String json) {
    return Message.of(json)
        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
  }
}
