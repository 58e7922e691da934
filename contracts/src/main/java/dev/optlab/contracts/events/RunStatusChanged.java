package dev.optlab.contracts.events;

import static dev.optlab.contracts.Versioned.require;
import static dev.optlab.contracts.Versioned.requireVersion;

import dev.optlab.contracts.Versioned;
import java.time.Instant;

/** A run's state transition on {@code run-status}, keyed by {@code runId}. */
public record RunStatusChanged(
    int schemaVersion,
    String runId,
    String experimentId,
    RunState state,
    String trainerId,
    Integer epoch,
    Long step,
    String message,
    Instant at)
    implements Versioned {

  public static RunStatusChanged of(
      String runId,
      String experimentId,
      RunState state,
      String trainerId,
      Integer epoch,
      Long step,
      String message) {
    return new RunStatusChanged(
        CURRENT_SCHEMA_VERSION,
        runId,
        experimentId,
        state,
        trainerId,
        epoch,
        step,
        message,
        Instant.now());
  }

  @Override
  public void checkComplete() {
    requireVersion(schemaVersion, "RunStatusChanged");
    require(runId, "runId", "RunStatusChanged");
    require(experimentId, "experimentId", "RunStatusChanged");
    require(state, "state", "RunStatusChanged");
    require(at, "at", "RunStatusChanged");
  }
}
