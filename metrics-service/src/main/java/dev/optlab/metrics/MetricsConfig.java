package dev.optlab.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {
  /** How long a finished run's series stay on /q/metrics; its curves stay in the REST API. */
  @WithDefault("10m")
  Duration retireAfter();
}
