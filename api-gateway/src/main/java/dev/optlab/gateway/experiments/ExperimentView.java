package dev.optlab.gateway.experiments;

import dev.optlab.contracts.events.RunState;
import java.time.Instant;
import java.util.List;

/** An experiment and the latest known state of each of its runs. */
public record ExperimentView(String experimentId, Instant submittedAt, List<RunView> runs) {
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
