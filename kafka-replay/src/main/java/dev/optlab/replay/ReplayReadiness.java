package dev.optlab.replay;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A readiness check that is DOWN until the service has rebuilt its state from Kafka ({@link
 * ReplayProgress}), so a load balancer never sends it requests it would answer from partial state;
 * once caught up it stays UP. A service extends it as an {@code @Readiness} bean, calls {@link
 * #start} at start-up and {@link #close} when it stops.
 */
public abstract class ReplayReadiness implements HealthCheck {
  private final String name;
  private final String state;
  private final boolean awaitReplay;
  private final ReplayProgress progress;

  /**
   * {@code state}: what is rebuilt, for {@link #rebuilding} ("curves"); with {@code awaitReplay}
   * false (tests without a broker) the check is always UP.
   */
  protected ReplayReadiness(
      String name, String state, boolean awaitReplay, ReplayProgress progress) {
    this.name = name;
    this.state = state;
    this.awaitReplay = awaitReplay;
    this.progress = progress;
  }

  /** Starts following the rebuild: what the topics hold at start-up is what must be read back. */
  protected void start() {
    if (awaitReplay) {
      progress.start();
    }
  }

  /**
   * While the state is still being rebuilt, how far the rebuild is, for responses that would
   * otherwise show partial state as complete; empty once caught up.
   */
  public Optional<String> rebuilding() {
    return awaitReplay ? progress.rebuilding(state) : Optional.empty();
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
    if (!awaitReplay) {
      return builder.up().withData("waits", false).build();
    }
    ReplayProgress.Status status = progress.status();
    status.consumed().forEach(builder::withData);
    if (status.error() != null) {
      builder.withData("error", status.error());
    }
    return builder.status(status.caughtUp()).build();
  }

  protected void close() {
    progress.close();
  }
}
