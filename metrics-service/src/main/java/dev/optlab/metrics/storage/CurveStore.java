package dev.optlab.metrics.storage;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every run's curves, specs and latest status, in memory, rebuilt from Kafka at start. */
@ApplicationScoped
public class CurveStore {
  private final Map<String, RunCurves> runs = new ConcurrentHashMap<>();
  private final int maxPointsPerRun;
  private final io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor<MetricEvent>
      points = io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor.create();

  CurveStore(dev.optlab.metrics.MetricsConfig config) {
    this.maxPointsPerRun = config.maxPointsPerRun();
  }

  public RunCurves run(String runId, String experimentId) {
    return runs.computeIfAbsent(runId, id -> new RunCurves(id, experimentId, maxPointsPerRun));
  }

  public boolean add(MetricEvent event) {
    boolean added = run(event.runId(), event.experimentId()).add(event);
    points.onNext(event);
    return added;
  }

  /** Every point as it arrives, for live views. */
  public io.smallrye.mutiny.Multi<MetricEvent> live() {
    return points;
  }

  public Map<dev.optlab.contracts.events.RunState, Long> countByState() {
    Map<dev.optlab.contracts.events.RunState, Long> counts =
        new java.util.EnumMap<>(dev.optlab.contracts.events.RunState.class);
    runs.values().forEach(r -> counts.merge(r.state(), 1L, Long::sum));
    return counts;
  }

  public RunCurves status(RunStatusChanged status) {
    RunCurves curves = run(status.runId(), status.experimentId());
    curves.status(status);
    return curves;
  }

  public RunCurves requested(RunRequested request) {
    RunCurves curves = run(request.runId(), request.experimentId());
    curves.spec(request.spec());
    return curves;
  }

  public Optional<RunCurves> find(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  public List<RunCurves> experiment(String experimentId) {
    return runs.values().stream()
        .filter(r -> r.experimentId().equals(experimentId))
        .sorted(java.util.Comparator.comparing(RunCurves::runId))
        .toList();
  }

  public Collection<RunCurves> all() {
    return runs.values();
  }
}
