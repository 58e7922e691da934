package dev.optlab.metrics.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.MalformedRecordException;
import dev.optlab.contracts.Topics;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.metrics.storage.CurveStore;
import dev.optlab.metrics.storage.RunCurves;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Consumes the trainers' events. {@code training-metrics} (one event per step of every run) is
 * consumed in batches; an unreadable record in a batch is copied alone to {@code
 * training-metrics-dlq} with its reason in a {@code dead-letter-reason} header and the rest of the
 * batch goes on. The low-volume topics are consumed record by record, and an unreadable record
 * throws, so SmallRye dead-letters it with the reason.
 */
@ApplicationScoped
public class EventConsumers {
  public static final String DEAD_LETTER_REASON = "dead-letter-reason";

  private final CurveStore store;
  private final RunMeters meters;
  private final MeterRegistry registry;
  private final Timer lag;
  private final Emitter<String> deadLetters;
  private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
  private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

  EventConsumers(
      CurveStore store,
      RunMeters meters,
      MeterRegistry registry,
      @Channel(Channels.TRAINING_METRICS_DLQ_OUT)
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          Emitter<String> deadLetters) {
    this.store = store;
    this.meters = meters;
    this.registry = registry;
    this.deadLetters = deadLetters;
    this.lag =
        Timer.builder("optlab.event.lag")
            .description("time from the trainer's event timestamp to its aggregation here")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
  }

  @Incoming(Channels.TRAINING_METRICS_IN)
  public void onMetrics(List<String> batch) {
    for (String json : batch) {
      MetricEvent event;
      try {
        event = Json.read(json, MetricEvent.class);
      } catch (MalformedRecordException e) {
        deadLetter(Topics.TRAINING_METRICS, json, e.getMessage());
        continue;
      }
      counter(consumed, "optlab.events.consumed", Topics.TRAINING_METRICS).increment();
      RunCurves run = store.run(event.runId(), event.experimentId());
      boolean added = store.add(event);
      if (added && event.phase() == Phase.TRAIN) {
        meters.trainStep(run, event);
      } else {
        meters.touch(run);
      }
      lag.record(Duration.between(event.at(), Instant.now()).abs());
    }
  }

  @Incoming(Channels.RUN_STATUS_IN)
  public void onStatus(String json) {
    RunStatusChanged status = read(json, RunStatusChanged.class, Topics.RUN_STATUS);
    RunCurves run = store.status(status);
    if (status.state().isTerminal()) {
      meters.ended(run);
    }
  }

  @Incoming(Channels.RUN_REQUESTS_IN)
  public void onRequest(String json) {
    RunRequested request = read(json, RunRequested.class, Topics.RUN_REQUESTS);
    RunCurves run = store.requested(request);
    if (meters.isRegistered(run.runId())) {
      meters.touch(run);
    }
  }

  private <T> T read(String json, Class<T> type, String topic) {
    try {
      T value = Json.read(json, type);
      counter(consumed, "optlab.events.consumed", topic).increment();
      return value;
    } catch (MalformedRecordException e) {
      counter(deadLettered, "optlab.dead.letters", topic).increment();
      throw e;
    }
  }

  private void deadLetter(String topic, String value, String reason) {
    counter(deadLettered, "optlab.dead.letters", topic).increment();
    RecordHeaders headers = new RecordHeaders();
    headers.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
    headers.add("dead-letter-topic", topic.getBytes(StandardCharsets.UTF_8));
    deadLetters.send(
        Message.of(value == null ? "" : value)
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()));
  }

  /** Records consumed so far, by topic: what {@code optlab_events_consumed_total} counts. */
  public Map<String, Long> consumedByTopic() {
    return counts(consumed);
  }

  /** Records sent to a dead-letter topic so far, by the topic they came from. */
  public Map<String, Long> deadLetteredByTopic() {
    return counts(deadLettered);
  }

  private static Map<String, Long> counts(Map<String, Counter> counters) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    counters.forEach((topic, counter) -> counts.put(topic, (long) counter.count()));
    return counts;
  }

  private Counter counter(Map<String, Counter> cache, String name, String topic) {
    return cache.computeIfAbsent(
        topic, t -> Counter.builder(name).tag("topic", t).register(registry));
  }
}
