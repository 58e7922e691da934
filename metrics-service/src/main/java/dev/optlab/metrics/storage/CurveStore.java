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

  public RunCurves run(String runId, String experimentId) {
    return runs.computeIfAbsent(runId, id -> new RunCurves(id, experimentId));
  }

  public boolean add(MetricEvent event) {
    return run(event.runId(), event.experimentId()).add(event);
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
