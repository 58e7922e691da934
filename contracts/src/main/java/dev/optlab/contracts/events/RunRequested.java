package dev.optlab.contracts.events;

import static dev.optlab.contracts.Versioned.require;
import static dev.optlab.contracts.Versioned.requireVersion;

import dev.optlab.contracts.Versioned;
import dev.optlab.contracts.spec.RunSpec;
import java.time.Instant;

/** One run of an experiment, queued on {@code run-requests}, keyed by {@code runId}. */
public record RunRequested(
    int schemaVersion,
    String experimentId,
    String runId,
    int attempt,
    RunSpec spec,
    Instant submittedAt)
    implements Versioned {

  public static RunRequested of(String experimentId, String runId, RunSpec spec, Instant at) {
    return new RunRequested(CURRENT_SCHEMA_VERSION, experimentId, runId, 1, spec, at);
  }

  @Override
  public void checkComplete() {
    requireVersion(schemaVersion, "RunRequested");
    require(experimentId, "experimentId", "RunRequested");
    require(runId, "runId", "RunRequested");
    require(spec, "spec", "RunRequested");
    require(submittedAt, "submittedAt", "RunRequested");
  }
}
