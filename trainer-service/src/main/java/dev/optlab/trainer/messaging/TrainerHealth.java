package dev.optlab.trainer.messaging;

import dev.optlab.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the run-request consumer thread runs and the run in progress (if any) makes progress:
 * a run without a step for two lock-renewal intervals has lost its lock already, and a restart is
 * the way out for a hung trainer.
 */
@Liveness
@ApplicationScoped
public class TrainerHealth implements HealthCheck {
  private final RunRequestConsumer consumer;
  private final RunExecutor executor;
  private final ProgressWatch watch;

  TrainerHealth(RunRequestConsumer consumer, RunExecutor executor, TrainerConfig config) {
    this.consumer = consumer;
    this.executor = executor;
    this.watch = new ProgressWatch(config.lockRenewInterval().multipliedBy(2), Instant.now());
  }

  @Override
  public HealthCheckResponse call() {
    String run = executor.currentRun();
    Duration still = watch.stillFor(run, executor.progress(), Instant.now());
    return HealthCheckResponse.named("trainer")
        .status(consumer.isAlive() && !watch.stalled(still))
        .withData("trainer", executor.trainerId())
        .withData("run", run == null ? "idle" : run)
        .withData("secondsSinceProgress", still.toSeconds())
        .build();
  }
}
