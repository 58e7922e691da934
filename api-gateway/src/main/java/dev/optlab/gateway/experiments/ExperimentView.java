package dev.optlab.gateway.experiments;

import dev.optlab.contracts.events.RunState;
import java.time.Instant;
import java.util.List;

/**
 * An experiment and the latest known state of each of its runs. {@code rebuilding} is null, or says
 * that the gateway is still reading back run states after a restart (a run may then show an earlier
 * state than it has).
 */
public record ExperimentView(
    String experimentId, Instant submittedAt, List<RunView> runs, String rebuilding) {
  public ExperimentView whileRebuilding(String rebuilding) {
    return new ExperimentView(experimentId, submittedAt, runs, rebuilding);
  }

  public record RunView(
      String runId,
      String label,
      String summary,
      RunState state,
      String trainerId,
      Integer epoch,
      Long step,
      String message,
      Instant updatedAt) {}
}
