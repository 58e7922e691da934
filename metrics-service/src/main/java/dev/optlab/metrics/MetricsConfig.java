package dev.optlab.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {
  /** How long a finished run's series stay on /q/metrics; its curves stay in the REST API. */
  @WithDefault("10m")
  Duration retireAfter();

  /**
   * Points kept per run and phase; beyond it older points are merged, keeping each pair's extreme.
   */
  @WithDefault("50000")
  int maxPointsPerRun();

  /**
   * Whether readiness waits until the curves are rebuilt from Kafka after a start (off where the
   * channels are in memory).
   */
  @WithDefault("true")
  boolean awaitReplay();
}
