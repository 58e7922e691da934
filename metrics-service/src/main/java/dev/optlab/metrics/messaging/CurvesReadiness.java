package dev.optlab.metrics.messaging;

import dev.optlab.contracts.Topics;
import dev.optlab.metrics.MetricsConfig;
import dev.optlab.replay.ReplayProgress;
import dev.optlab.replay.ReplayReadiness;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the curves are rebuilt from the three topics this service reads from the beginning at
 * every start; it follows the rebuild by up to SmallRye's commit interval ({@code
 * optlab.commit-interval-ms}).
 */
@Readiness
@Singleton
public class CurvesReadiness extends ReplayReadiness {
  static final List<String> TOPICS =
      List.of(Topics.TRAINING_METRICS, Topics.RUN_STATUS, Topics.RUN_REQUESTS);

  CurvesReadiness(
      MetricsConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "optlab.consumer-group") String group) {
    super(
        "curves-rebuilt",
        "curves",
        config.awaitReplay(),
        new ReplayProgress(bootstrapServers, group, TOPICS, "metrics-service-replay-readiness"));
  }

  void onStart(@Observes StartupEvent event) {
    start();
  }

  @PreDestroy
  @Override
  protected void close() {
    super.close();
  }
}
