package dev.optlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.trainer.training.RunSpecs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeDatasetResource.class)
class RunExecutorTest {
  @Inject RunExecutor executor;
  @Inject CancelRegistry cancellations;
  @Inject @Any InMemoryConnector connector;

  @BeforeEach
  void clear() {
    connector.sink(Channels.RUN_STATUS_OUT).clear();
    connector.sink(Channels.TRAINING_METRICS_OUT).clear();
  }

  private List<RunStatusChanged> statuses(String runId) {
    return connector.<String>sink(Channels.RUN_STATUS_OUT).received().stream()
        .map(m -> Json.read(m.getPayload(), RunStatusChanged.class))
        .filter(s -> s.runId().equals(runId))
        .toList();
  }

  private static RunRequested request(String runId, String spec) {
    return RunRequested.of("exp-t", runId, RunSpecs.of(spec), Instant.now());
  }

  @Test
  void aDivergedRunIsReportedAndTheTrainerTakesTheNextRun() {
    String base = "epochs: 2, batchSize: 50, trainSize: 400, valSize: 100";
    RunState diverged =
        executor.execute(
            request(
                "t-div",
                "{optimizer: {type: sgd, learningRate: 1.0e6}, init: he_normal, dropout: 0, "
                    + base
                    + "}"),
            1);
    RunState completed =
        executor.execute(request("t-ok", "{optimizer: {type: adam}, " + base + "}"), 1);
    assertEquals(RunState.DIVERGED, diverged);
    assertEquals(RunState.COMPLETED, completed);
    assertEquals(
        List.of(RunState.STARTED, RunState.DIVERGED),
        statuses("t-div").stream()
            .map(RunStatusChanged::state)
            .filter(s -> s != RunState.RUNNING)
            .toList());
    List<RunStatusChanged> ok = statuses("t-ok");
    assertEquals(RunState.STARTED, ok.get(0).state());
    assertEquals(RunState.COMPLETED, ok.get(ok.size() - 1).state());
    assertEquals(16L, ok.get(ok.size() - 1).step());

    List<MetricEvent> metrics =
        connector.<String>sink(Channels.TRAINING_METRICS_OUT).received().stream()
            .map(m -> Json.read(m.getPayload(), MetricEvent.class))
            .filter(e -> e.runId().equals("t-ok"))
            .toList();
    assertEquals(16, metrics.stream().filter(e -> e.phase() == Phase.TRAIN).count());
    assertEquals(2, metrics.stream().filter(e -> e.phase() == Phase.VAL).count());
    assertTrue(
        metrics.stream().filter(e -> e.phase() == Phase.TRAIN).allMatch(e -> e.samples() == 50));
  }

  @Test
  void aRunCancelledWhileQueuedIsNeverTrained() {
    cancellations.cancel("t-cancelled", "changed my mind");
    assertEquals(
        RunState.CANCELLED,
        executor.execute(request("t-cancelled", "{optimizer: {type: sgd}, epochs: 1}"), 1));
    List<RunStatusChanged> statuses = statuses("t-cancelled");
    assertEquals(1, statuses.size());
    assertEquals("cancelled before it started: changed my mind", statuses.get(0).message());
  }

  @Test
  void aReleasedRunGoesBackQueuedAndResumesAtTheStepItWasReleased() throws Exception {
    // 16 steps an epoch, 32 in all
    RunRequested request =
        request(
            "t-released",
            "{optimizer: {type: adam}, epochs: 2, batchSize: 25, trainSize: 400, valSize: 100}");
    var first = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var ending = first.submit(() -> executor.execute(request, 1));
      // Release in the middle of epoch 2, once step 18 has been reported: epoch 1 is checkpointed
      // then, and the release lands between two steps of epoch 2.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(5))
          .until(() -> trainSteps("t-released").stream().anyMatch(step -> step >= 18));
      executor.releaseCurrentRun();
      assertEquals(RunState.QUEUED, ending.get(60, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      first.shutdownNow();
    }
    List<RunStatusChanged> released = statuses("t-released");
    RunStatusChanged last = released.get(released.size() - 1);
    assertEquals(RunState.QUEUED, last.state());
    assertTrue(last.message().contains("checkpointed at that step"), last.message());
    long stoppedAt = last.step();
    assertTrue(stoppedAt >= 18 && stoppedAt < 32, "stopped in epoch 2, at step " + stoppedAt);
    assertEquals(
        java.util.stream.LongStream.rangeClosed(1, stoppedAt).boxed().toList(),
        trainSteps("t-released"),
        "every step up to the release reported once");

    assertEquals(RunState.COMPLETED, executor.execute(request, 2));
    List<RunStatusChanged> all = statuses("t-released");
    String resumed =
        "resumed from the checkpoint at step " + stoppedAt + " (epoch 2, batch " + (stoppedAt - 16);
    assertTrue(
        all.stream().anyMatch(s -> s.message() != null && s.message().startsWith(resumed)),
        all.toString());
    assertEquals(32L, all.get(all.size() - 1).step());
    assertEquals(
        java.util.stream.LongStream.rangeClosed(1, 32).boxed().toList(),
        trainSteps("t-released"),
        "every step trained and reported once across the release");
  }

  private List<Long> trainSteps(String runId) {
    return connector.<String>sink(Channels.TRAINING_METRICS_OUT).received().stream()
        .map(m -> Json.read(m.getPayload(), MetricEvent.class))
        .filter(e -> e.runId().equals(runId) && e.phase() == Phase.TRAIN)
        .map(MetricEvent::step)
        .toList();
  }
}
