package dev.optlab.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the run-request consumer thread runs; reports the run in progress. */
@Liveness
@ApplicationScoped
public class TrainerHealth implements HealthCheck {
  private final RunRequestConsumer consumer;
  private final RunExecutor executor;

  TrainerHealth(RunRequestConsumer consumer, RunExecutor executor) {
    this.consumer = consumer;
    this.executor = executor;
  }

  @Override
  public HealthCheckResponse call() {
    String run = executor.currentRun();
    return HealthCheckResponse.named("trainer")
        .status(consumer.isAlive())
        .withData("trainer", executor.trainerId())
        .withData("run", run == null ? "idle" : run)
        .build();
  }
}
