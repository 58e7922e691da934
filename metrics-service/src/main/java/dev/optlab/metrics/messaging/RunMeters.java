package dev.optlab.metrics.messaging;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.metrics.MetricsConfig;
import dev.optlab.metrics.storage.RunCurves;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus series of each active run (names of DESIGN.md), registered on its first event and
 * removed {@code metrics.retire-after} after it ends, so cardinality stays bounded.
 */
@ApplicationScoped
public class RunMeters {
  private final MeterRegistry registry;
  private final MetricsConfig config;
  private final Map<String, Registered> byRun = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retirer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "series-retirer");
            thread.setDaemon(true);
            return thread;
          });

  private final class Registered {
    final List<Meter> meters = new ArrayList<>();
    final Counter steps;
    final Counter samples;
    final java.util.Set<String> layers = new java.util.HashSet<>();
    boolean infoRegistered;

    Registered(RunCurves run) {
      Tags tags = Tags.of("experiment", run.experimentId(), "run", run.runId());
      gauge("optlab.train.loss", tags, run, r -> value(r.lastTrain(), MetricEvent::loss));
      gauge(
          "optlab.train.accuracy.ratio",
          tags,
          run,
          r -> value(r.lastTrain(), MetricEvent::accuracy));
      gauge("optlab.validation.loss", tags, run, r -> value(r.lastValidation(), MetricEvent::loss));
      gauge(
          "optlab.validation.accuracy.ratio",
          tags,
          run,
          r -> value(r.lastValidation(), MetricEvent::accuracy));
      gauge(
          "optlab.learning.rate", tags, run, r -> value(r.lastTrain(), MetricEvent::learningRate));
      gauge(
          "optlab.gradient.norm",
          tags,
          run,
          r -> value(r.lastTrain(), e -> e.gradNorm() == null ? Double.NaN : e.gradNorm()));
      gauge(
          "optlab.samples.per.second",
          tags,
          run,
          r ->
              value(
                  r.lastTrain(),
                  e -> e.samplesPerSecond() == null ? Double.NaN : e.samplesPerSecond()));
      steps =
          Counter.builder("optlab.train.steps")
              .tags(tags)
              .description("training steps received")
              .register(registry);
      samples =
          Counter.builder("optlab.train.samples")
              .tags(tags)
              .description("training images received")
              .register(registry);
      meters.add(steps);
      meters.add(samples);
    }

    private void gauge(String name, Tags tags, RunCurves run, ToDoubleFunction<RunCurves> value) {
      meters.add(
          Gauge.builder(name, run, value).tags(tags).strongReference(true).register(registry));
    }

    void layers(RunCurves run) {
      for (String layer : run.lastLayerNorms().keySet()) {
        if (layers.add(layer)) {
          Tags tags = Tags.of("experiment", run.experimentId(), "run", run.runId(), "layer", layer);
          meters.add(
              Gauge.builder(
                      "optlab.layer.gradient.norm",
                      run,
                      r -> r.lastLayerNorms().getOrDefault(layer, Double.NaN))
                  .tags(tags)
                  .strongReference(true)
                  .register(registry));
        }
      }
    }

    void info(RunCurves run) {
      RunSpec spec = run.spec();
      if (infoRegistered || spec == null) {
        return;
      }
      infoRegistered = true;
      Tags tags =
          Tags.of(
              "experiment", run.experimentId(),
              "run", run.runId(),
              "label", spec.label(),
              "optimizer", spec.optimizer().displayName(),
              "learning_rate", String.valueOf(spec.optimizer().learningRate()),
              "schedule", spec.schedule().describe(),
              "init", spec.init(),
              "batch_norm", String.valueOf(spec.batchNorm()),
              "clipping", spec.clipping().describe());
      meters.add(
          Gauge.builder("optlab.run.info", () -> 1)
              .tags(tags)
              .strongReference(true)
              .register(registry));
    }
  }

  RunMeters(
      MeterRegistry registry, MetricsConfig config, dev.optlab.metrics.storage.CurveStore store) {
    this.registry = registry;
    this.config = config;
    for (dev.optlab.contracts.events.RunState state :
        dev.optlab.contracts.events.RunState.values()) {
      Gauge.builder("optlab.runs", store, s -> s.countByState().getOrDefault(state, 0L))
          .tag("state", state.name())
          .description("runs known to metrics-service, by their latest state")
          .register(registry);
    }
  }

  private static double value(MetricEvent event, ToDoubleFunction<MetricEvent> field) {
    return event == null ? Double.NaN : field.applyAsDouble(event);
  }

  /** Counts a new training step (duplicates are not counted). */
  public void trainStep(RunCurves run, MetricEvent event) {
    Registered registered = ensure(run);
    registered.steps.increment();
    if (event.samples() != null) {
      registered.samples.increment(event.samples());
    }
  }

  public void touch(RunCurves run) {
    ensure(run);
  }

  public void ended(RunCurves run) {
    retirer.schedule(
        () -> retire(run.runId()), config.retireAfter().toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isRegistered(String runId) {
    return byRun.containsKey(runId);
  }

  private Registered ensure(RunCurves run) {
    Registered registered = byRun.computeIfAbsent(run.runId(), id -> new Registered(run));
    synchronized (registered) {
      registered.info(run);
      registered.layers(run);
    }
    return registered;
  }

  private void retire(String runId) {
    Registered registered = byRun.remove(runId);
    if (registered != null) {
      registered.meters.forEach(registry::remove);
    }
  }

  @PreDestroy
  void stop() {
    retirer.shutdownNow();
  }
}
