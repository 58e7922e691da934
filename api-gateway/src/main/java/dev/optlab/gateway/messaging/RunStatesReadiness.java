package dev.optlab.gateway.messaging;

import dev.optlab.contracts.Topics;
import dev.optlab.gateway.GatewayConfig;
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
 * Ready once the run states are rebuilt from the two topics the gateway reads from the beginning at
 * every start; it follows the rebuild by up to the consumers' commit interval ({@code
 * optlab.commit-interval-ms}).
 */
@Readiness
@Singleton
public class RunStatesReadiness extends ReplayReadiness {
  RunStatesReadiness(
      GatewayConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "optlab.consumer-group") String group) {
    super(
        "run-states-rebuilt",
        "run states",
        config.awaitReplay(),
        new ReplayProgress(
            bootstrapServers,
            group,
            List.of(Topics.RUN_REQUESTS, Topics.RUN_STATUS),
            "api-gateway-replay-readiness"));
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
