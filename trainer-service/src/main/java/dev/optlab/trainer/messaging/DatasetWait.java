package dev.optlab.trainer.messaging;

import dev.optlab.trainer.data.DatasetUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Loads a run's data, waiting while dataset-service is unreachable (a restart, a rolling update)
 * instead of failing the run at once: retries after 1, 2, 4 … (at most 10) seconds until {@code
 * limit} has passed, then lets the last {@link DatasetUnavailableException} through. Any other
 * failure is not retried.
 */
final class DatasetWait {
  private static final long FIRST_PAUSE_MILLIS = 1_000;
  private static final long MAX_PAUSE_MILLIS = 10_000;

  private final Duration limit;
  private final Sleeper sleeper;

  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  DatasetWait(Duration limit) {
    this(limit, Thread::sleep);
  }

  DatasetWait(Duration limit, Sleeper sleeper) {
    this.limit = limit;
    this.sleeper = sleeper;
  }

  /**
   * The loaded data, or empty when {@code giveUp} turned true while waiting (the run was cancelled
   * or the trainer is stopping). {@code waiting} hears the reason once, when the wait begins.
   */
  <T> Optional<T> load(Supplier<T> loader, BooleanSupplier giveUp, Consumer<String> waiting)
      throws InterruptedException {
    long waited = 0;
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      try {
        return Optional.of(loader.get());
      } catch (DatasetUnavailableException e) {
        if (waited >= limit.toMillis()) {
          throw new DatasetUnavailableException(
              e.getMessage() + " (waited " + Duration.ofMillis(waited).toSeconds() + " s)",
              e.getCause());
        }
        if (waited == 0) {
          waiting.accept(e.getMessage());
        }
        if (giveUp.getAsBoolean()) {
          return Optional.empty();
        }
        long next = Math.min(pause, limit.toMillis() - waited);
        sleeper.sleep(next);
        waited += next;
        pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
      }
      if (giveUp.getAsBoolean()) {
        return Optional.empty();
      }
    }
  }
}
