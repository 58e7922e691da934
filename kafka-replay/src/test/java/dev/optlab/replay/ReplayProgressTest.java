package dev.optlab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.replay.ReplayProgress.OffsetRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
  private static final TopicPartition STATUS_0 = new TopicPartition("run-status", 0);
  private static final TopicPartition STATUS_1 = new TopicPartition("run-status", 1);
  private static final TopicPartition REQUESTS_0 = new TopicPartition("run-requests", 0);

  // run-status: partition 0 held offsets 0..9, partition 1 kept 5..7 after retention;
  // run-requests: one partition, empty at start-up.
  private static final Map<TopicPartition, OffsetRange> TARGETS =
      Map.of(
          STATUS_0, new OffsetRange(0, 10),
          STATUS_1, new OffsetRange(5, 8),
          REQUESTS_0, new OffsetRange(4, 4));
  private static final List<String> TOPICS = List.of("run-status", "run-requests");

  @Test
  void nothingCommittedIsNothingConsumedAndAnEmptyTopicIsDone() {
    ReplayProgress.Status status = ReplayProgress.status(TOPICS, TARGETS, Map.of());

    assertFalse(status.caughtUp());
    assertEquals(
        Map.of("run-status", "consumed 0 of 13", "run-requests", "consumed 0 of 0"),
        status.consumed());
    assertEquals(List.of("run-status", "run-requests"), List.copyOf(status.consumed().keySet()));
  }

  @Test
  void commitsCountFromTheFirstKeptOffsetAndRecordsAddedLaterDoNotCount() {
    ReplayProgress.Status partly =
        ReplayProgress.status(TOPICS, TARGETS, Map.of(STATUS_0, at(7), STATUS_1, at(6)));
    assertFalse(partly.caughtUp());
    assertEquals("consumed 8 of 13", partly.consumed().get("run-status"));

    // partition 0 has gone on to offset 25 since start-up: live traffic, not rebuild
    ReplayProgress.Status done =
        ReplayProgress.status(TOPICS, TARGETS, Map.of(STATUS_0, at(25), STATUS_1, at(8)));
    assertTrue(done.caughtUp());
    assertEquals("consumed 13 of 13", done.consumed().get("run-status"));
  }

  @Test
  void aBrokerThatDoesNotAnswerHoldsUpNoReader() {
    // Nothing listens on port 1: the first look at the offsets waits for its timeout (seconds) on
    // the progress's own thread, while readers get the latest status at once.
    try (ReplayProgress progress =
        new ReplayProgress("127.0.0.1:1", "group", TOPICS, "replay-progress-test")) {
      progress.start();
      assertEquals(
          Optional.of(
              "rebuilding run states after a restart; progress unknown (offsets not read yet)"),
          progress.rebuilding("run states"));
      assertFalse(progress.status().caughtUp());
    }
  }

  private static OffsetAndMetadata at(long offset) {
    return new OffsetAndMetadata(offset);
  }
}
