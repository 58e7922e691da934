package dev.optlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.trainer.data.DatasetUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DatasetWaitTest {
  private final List<Long> pauses = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  private DatasetWait waitingUpTo(Duration limit) {
    return new DatasetWait(limit, pauses::add);
  }

  private static DatasetUnavailableException down(int attempt) {
    return new DatasetUnavailableException(
        "dataset-service is unreachable (attempt " + attempt + ")", new ConnectException());
  }

  /** Fails as unreachable {@code failures} times, then answers "data". */
  private static Supplier<String> upAfter(int failures, AtomicInteger calls) {
    return () -> {
      int attempt = calls.incrementAndGet();
      if (attempt <= failures) {
        throw down(attempt);
      }
      return "data";
    };
  }

  @Test
  void anUnreachableServiceIsWaitedForWithGrowingPauses() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Optional<String> data =
        waitingUpTo(Duration.ofMinutes(5)).load(upAfter(5, calls), () -> false, notices::add);
    assertEquals(Optional.of("data"), data);
    assertEquals(6, calls.get());
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 10_000L), pauses);
    assertEquals(List.of("dataset-service is unreachable (attempt 1)"), notices, "said once");
  }

  @Test
  void afterTheLimitTheRunFailsSayingHowLongItWaited() {
    AtomicInteger calls = new AtomicInteger();
    DatasetUnavailableException error =
        assertThrows(
            DatasetUnavailableException.class,
            () ->
                waitingUpTo(Duration.ofSeconds(5))
                    .load(upAfter(Integer.MAX_VALUE, calls), () -> false, notices::add));
    assertEquals(List.of(1_000L, 2_000L, 2_000L), pauses, "the last pause ends at the limit");
    assertEquals(4, calls.get());
    assertEquals("dataset-service is unreachable (attempt 4) (waited 5 s)", error.getMessage());
  }

  @Test
  void aShardThatFailsItsChecksumIsNotWaitedFor() {
    UncheckedIOException corrupt =
        new UncheckedIOException(new IOException("shard train-000 arrived with SHA-256 ab"));
    UncheckedIOException error =
        assertThrows(
            UncheckedIOException.class,
            () ->
                waitingUpTo(Duration.ofMinutes(5))
                    .load(
                        () -> {
                          throw corrupt;
                        },
                        () -> false,
                        notices::add));
    assertEquals(corrupt, error);
    assertTrue(pauses.isEmpty());
    assertTrue(notices.isEmpty());
  }

  @Test
  void aCancelledOrStoppingRunStopsWaiting() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger checks = new AtomicInteger();
    Optional<String> data =
        waitingUpTo(Duration.ofMinutes(5))
            .load(upAfter(10, calls), () -> checks.incrementAndGet() > 2, notices::add);
    assertEquals(Optional.empty(), data);
    assertEquals(2, calls.get(), "no attempt after giving up");
    assertEquals(List.of(1_000L), pauses);
  }
}
