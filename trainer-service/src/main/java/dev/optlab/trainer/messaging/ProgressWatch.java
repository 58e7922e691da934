package dev.optlab.trainer.messaging;

import java.time.Duration;
import java.time.Instant;

/** Tells a run that stopped making progress: no new step for longer than a limit. */
final class ProgressWatch {
  private final Duration limit;
  private long lastProgress = -1;
  private String lastRun;
  private Instant progressSeen;

  ProgressWatch(Duration limit, Instant start) {
    this.limit = limit;
    this.progressSeen = start;
  }

  /** How long the run in progress has gone without progress (zero when idle). */
  synchronized Duration stillFor(String run, long progress, Instant now) {
    if (run == null || !run.equals(lastRun) || progress != lastProgress) {
      lastRun = run;
      lastProgress = progress;
      progressSeen = now;
    }
    return Duration.between(progressSeen, now);
  }

  boolean stalled(Duration still) {
    return still.compareTo(limit) > 0;
  }
}
