package dev.optlab.contracts.events;

import static dev.optlab.contracts.Versioned.require;
import static dev.optlab.contracts.Versioned.requireVersion;

import dev.optlab.contracts.Versioned;

/** A request to stop a run, on {@code run-control}; every trainer reads all of it. */
public record CancelRun(int schemaVersion, String runId, String reason) implements Versioned {

  public static CancelRun of(String runId, String reason) {
    return new CancelRun(CURRENT_SCHEMA_VERSION, runId, reason);
  }

  @Override
  public void checkComplete() {
    requireVersion(schemaVersion, "CancelRun");
    require(runId, "runId", "CancelRun");
  }
}
