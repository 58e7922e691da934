package dev.optlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressWatchTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void aRunWithoutStepsForLongerThanTheLimitIsStalledAndProgressClearsIt() {
    ProgressWatch watch = new ProgressWatch(Duration.ofMinutes(20), T0);
    assertEquals(Duration.ZERO, watch.stillFor("r1", 5, T0));
    Duration still = watch.stillFor("r1", 5, T0.plus(Duration.ofMinutes(19)));
    assertFalse(watch.stalled(still));
    still = watch.stillFor("r1", 5, T0.plus(Duration.ofMinutes(21)));
    assertEquals(Duration.ofMinutes(21), still);
    assertTrue(watch.stalled(still));
    still = watch.stillFor("r1", 6, T0.plus(Duration.ofMinutes(22)));
    assertFalse(watch.stalled(still), "a step resets the watch");
  }

  @Test
  void anIdleTrainerIsNeverStalled() {
    ProgressWatch watch = new ProgressWatch(Duration.ofMinutes(20), T0);
    assertFalse(watch.stalled(watch.stillFor(null, 5, T0.plus(Duration.ofHours(5)))));
    assertFalse(
        watch.stalled(watch.stillFor("r2", 5, T0.plus(Duration.ofHours(5)))),
        "a run that just started is timed from when it was first seen");
  }
}
