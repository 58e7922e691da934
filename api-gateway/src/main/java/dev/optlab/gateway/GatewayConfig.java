package dev.optlab.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {
  /** Base URL of metrics-service: the curves the UI shows, and the links of an experiment. */
  @WithDefault("http://127.0.0.1:8082")
  String metricsUrl();

  /** Base URL of Grafana, for the dashboard link. */
  @WithDefault("http://127.0.0.1:3000")
  String grafanaUrl();

  /** How long publishing one run request may take before the submission fails. */
  @WithDefault("30s")
  Duration publishTimeout();

  /**
   * When set, requests that change something (POST, PUT, DELETE under /api) need {@code
   * Authorization: Bearer <token>}; reading stays open. Unset: no authentication (./lab).
   */
  Optional<String> apiToken();

  /**
   * Whether readiness waits until the run states are rebuilt from Kafka after a start (off in tests
   * without a broker).
   */
  @WithDefault("true")
  boolean awaitReplay();
}
