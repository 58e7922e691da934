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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the trainers' events. A record that cannot be read throws, which nacks it: SmallRye then
 * copies it to the topic's dead-letter topic with the reason, and consumption goes on.
 */
@ApplicationScoped
public class EventConsumers {
  private final CurveStore store;
  private final RunMeters meters;
  private final MeterRegistry registry;
  private final Timer lag;

  EventConsumers(CurveStore store, RunMeters meters, MeterRegistry registry) {
    this.store = store;
    this.meters = meters;
    this.registry = registry;
    this.lag =
        Timer.builder("optlab.event.lag")
            .description("time from the trainer's event timestamp to its aggregation here")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
  }

  @Incoming(Channels.TRAINING_METRICS_IN)
  public void onMetric(String json) {
    MetricEvent event = read(json, MetricEvent.class, Topics.TRAINING_METRICS);
    RunCurves run = store.run(event.runId(), event.experimentId());
    boolean added = store.add(event);
    if (added && event.phase() == Phase.TRAIN) {
      meters.trainStep(run, event);
    } else {
      meters.touch(run);
    }
    lag.record(Duration.between(event.at(), Instant.now()).abs());
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
      Counter.builder("optlab.events.consumed").tag("topic", topic).register(registry).increment();
      return value;
    } catch (MalformedRecordException e) {
      Counter.builder("optlab.dead.letters").tag("topic", topic).register(registry).increment();
      throw e;
    }
  }
}
