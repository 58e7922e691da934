package dev.optlab.gateway.experiments;

import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.gateway.experiments.ExperimentView.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Experiments and their runs' latest states, rebuilt from {@code run-requests} and {@code
 * run-status} at start. A status may arrive before its request (different topics): it is kept and
 * the run appears once its request is seen.
 */
@ApplicationScoped
public class ExperimentRegistry {
  private final Map<String, Map<String, RunView>> experiments = new ConcurrentHashMap<>();
  private final Map<String, Instant> submitted = new ConcurrentHashMap<>();
  private final Map<String, RunStatusChanged> statusByRun = new ConcurrentHashMap<>();

  public void requested(RunRequested request) {
    submitted.putIfAbsent(request.experimentId(), request.submittedAt());
    Map<String, RunView> runs =
        experiments.computeIfAbsent(request.experimentId(), id -> new ConcurrentHashMap<>());
    runs.compute(
        request.runId(),
        (id, existing) -> {
          RunStatusChanged status = statusByRun.get(id);
          if (existing != null) {
            return existing;
          }
          RunView queued =
              new RunView(
                  id,
                  request.spec().label(),
                  request.spec().summary(),
                  RunState.QUEUED,
                  null,
                  null,
                  null,
                  null,
                  request.submittedAt());
          return status == null ? queued : apply(queued, status);
        });
  }

  /** Drops runs that were registered but never queued; an experiment left empty goes too. */
  public void forget(String experimentId, List<String> runIds) {
    experiments.computeIfPresent(
        experimentId,
        (id, runs) -> {
          runIds.forEach(runs::remove);
          return runs.isEmpty() ? null : runs;
        });
    if (!experiments.containsKey(experimentId)) {
      submitted.remove(experimentId);
    }
  }

  public void status(RunStatusChanged status) {
    statusByRun.merge(
        status.runId(), status, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    Map<String, RunView> runs = experiments.get(status.experimentId());
    if (runs != null) {
      runs.computeIfPresent(status.runId(), (id, view) -> apply(view, statusByRun.get(id)));
    }
  }

  private static RunView apply(RunView view, RunStatusChanged status) {
    return new RunView(
        view.runId(),
        view.label(),
        view.summary(),
        status.state(),
        status.trainerId(),
        status.epoch(),
        status.step(),
        status.message(),
        status.at());
  }

  public Optional<ExperimentView> find(String experimentId) {
    Map<String, RunView> runs = experiments.get(experimentId);
    if (runs == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ExperimentView(
            experimentId,
            submitted.get(experimentId),
            runs.values().stream().sorted(Comparator.comparing(RunView::runId)).toList(),
            null));
  }

  public List<ExperimentView> all() {
    return experiments.keySet().stream()
        .map(this::find)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(ExperimentView::submittedAt).reversed())
        .toList();
  }
}
