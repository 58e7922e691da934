package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.CifarFixtures;
import dev.optlab.trainer.data.CifarImages;
import dev.optlab.trainer.training.RunListener.EvalMetrics;
import dev.optlab.trainer.training.RunListener.StepMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeAndReproducibilityTest {
  private static final CifarImages TRAIN = CifarFixtures.images(640, 5);
  private static final CifarImages VAL = CifarFixtures.images(100, 6);

  /**
   * Records losses; asks to stop (cancel) before the step for which {@code stopBefore} holds, or to
   * release the run before the step for which {@code releaseBefore} holds.
   */
  private static final class Recorder implements RunListener {
    final List<StepMetrics> steps = new ArrayList<>();
    final List<EvalMetrics> evaluations = new ArrayList<>();
    final LongPredicate stopBefore;
    final LongPredicate releaseBefore;
    long resumedAt = -1;

    Recorder(LongPredicate stopBefore) {
      this(stopBefore, step -> false);
    }

    Recorder(LongPredicate stopBefore, LongPredicate releaseBefore) {
      this.stopBefore = stopBefore;
      this.releaseBefore = releaseBefore;
    }

    @Override
    public void onStep(StepMetrics metrics) {
      steps.add(metrics);
    }

    @Override
    public void onEpochEnd(EvalMetrics validation) {
      evaluations.add(validation);
    }

    @Override
    public void onResume(int epoch, int batchesDone, long step) {
      resumedAt = step;
    }

    @Override
    public boolean cancelRequested() {
      return stopBefore.test(nextStep());
    }

    @Override
    public boolean releaseRequested() {
      return releaseBefore.test(nextStep());
    }

    private long nextStep() {
      return steps.isEmpty()
          ? (resumedAt < 0 ? 1 : resumedAt + 1)
          : steps.get(steps.size() - 1).step() + 1;
    }
  }

  private static RunOutcome run(RunSpec spec, TrainingOptions options, Recorder recorder) {
    return new RunTraining(spec, TRAIN, VAL, CifarFixtures.NORMALIZATION, Device.cpu(), options)
        .run(recorder);
  }

  @Test
  void theSameSpecTwiceGivesIdenticalLossesOverItsFirst50Steps() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: sgd, momentum: 0.9}, epochs: 3, batchSize: 32, trainSize: 640, valSize: 100, augment: true}");
    Recorder first = new Recorder(step -> false);
    Recorder second = new Recorder(step -> false);
    run(spec, TrainingOptions.NONE, first);
    run(spec, TrainingOptions.NONE, second);
    assertTrue(first.steps.size() >= 50);
    for (int i = 0; i < 50; i++) {
      assertEquals(first.steps.get(i).loss(), second.steps.get(i).loss(), 0.0, "step " + (i + 1));
    }
  }

  @Test
  void aResumedRunContinuesExactlyAsAnUninterruptedOne(@TempDir Path dir) {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: adam}, batchNorm: true, epochs: 3, batchSize: 64, trainSize: 640, valSize: 100, augment: true}");
    int stepsPerEpoch = 640 / 64;

    // Uninterrupted: train epochs 1 and 2, stop before epoch 3: the checkpoint holds epoch 2.
    CheckpointStore straight = new CheckpointStore(dir.resolve("straight"));
    Recorder uninterrupted = new Recorder(step -> step > 2 * stepsPerEpoch);
    assertEquals(
        RunState.CANCELLED,
        run(spec, new TrainingOptions(0, straight, "r"), uninterrupted).state());

    // Interrupted after epoch 1 (the process "dies"), then a new training resumes from epoch 1.
    CheckpointStore resumed = new CheckpointStore(dir.resolve("resumed"));
    Recorder firstLife = new Recorder(step -> step > stepsPerEpoch);
    assertEquals(
        RunState.CANCELLED, run(spec, new TrainingOptions(0, resumed, "r"), firstLife).state());
    assertEquals(1, resumed.latest("r").orElseThrow().epoch());
    Recorder secondLife = new Recorder(step -> step > 2 * stepsPerEpoch);
    run(spec, new TrainingOptions(0, resumed, "r"), secondLife);
    assertEquals(stepsPerEpoch, secondLife.resumedAt);

    for (int i = 0; i < stepsPerEpoch; i++) {
      assertEquals(
          uninterrupted.steps.get(stepsPerEpoch + i).loss(),
          secondLife.steps.get(i).loss(),
          0.0,
          "loss of step " + (stepsPerEpoch + i + 1));
    }
    Checkpoint expected = straight.latest("r").orElseThrow();
    Checkpoint actual = resumed.latest("r").orElseThrow();
    assertEquals(2, actual.epoch());
    assertEquals(expected.step(), actual.step());
    assertEquals(expected.parameters().keySet(), actual.parameters().keySet());
    expected
        .parameters()
        .forEach(
            (name, bytes) ->
                assertArrayEquals(
                    bytes, actual.parameters().get(name), "parameter " + name + " bitwise"));
    assertEquals(expected.optimizerState().keySet(), actual.optimizerState().keySet());
    expected
        .optimizerState()
        .forEach(
            (name, bytes) ->
                assertArrayEquals(
                    bytes,
                    actual.optimizerState().get(name),
                    "optimizer state " + name + " bitwise"));
    assertEquals(expected.updateCounts(), actual.updateCounts());
    assertTrue(
        expected.optimizerState().keySet().stream().anyMatch(k -> k.endsWith(".exp_avg_sq")),
        "Adam moments saved");
  }

  // Dropout and augmentation on, so the per-batch seeding is exercised too; 10 batches an epoch.
  private static final RunSpec MID_EPOCH =
      RunSpecs.of(
          "{optimizer: {type: sgd, momentum: 0.9}, batchNorm: true, dropout: 0.5, epochs: 2, batchSize: 64, trainSize: 640, valSize: 100, augment: true}");

  @Test
  void aRunReleasedMidEpochContinuesAtThatStepExactlyAsAnUninterruptedOne(@TempDir Path dir) {
    CheckpointStore store = new CheckpointStore(dir);
    Recorder firstLife = new Recorder(step -> false, step -> step == 14);
    RunOutcome released = run(MID_EPOCH, new TrainingOptions(0, store, "r"), firstLife);
    assertEquals(RunState.QUEUED, released.state());
    assertEquals(13, released.step());
    assertContinuesExactly(store, firstLife, new TrainingOptions(0, store, "r"));
  }

  @Test
  void aKilledRunContinuesFromItsLastIntervalCheckpoint(@TempDir Path dir) {
    // An interval of 1 ns checkpoints after every step; the first life then stops with no
    // checkpoint of its own (as a killed process would), before step 14.
    TrainingOptions everyStep =
        new TrainingOptions(0, new CheckpointStore(dir), "r", Duration.ofNanos(1));
    Recorder firstLife = new Recorder(step -> step == 14);
    assertEquals(RunState.CANCELLED, run(MID_EPOCH, everyStep, firstLife).state());
    assertContinuesExactly(everyStep.checkpoints(), firstLife, everyStep);
  }

  /**
   * The checkpoint holds step 13 (epoch 2, 3 batches done); training on from it gives, step by step
   * and at the end, exactly what an uninterrupted run gives.
   */
  private static void assertContinuesExactly(
      CheckpointStore store, Recorder firstLife, TrainingOptions options) {
    Checkpoint saved = store.latest("r").orElseThrow();
    assertEquals(List.of(2, 3, 13L), List.of(saved.epoch(), saved.batchesDone(), saved.step()));
    Recorder secondLife = new Recorder(step -> false);
    assertEquals(RunState.COMPLETED, run(MID_EPOCH, options, secondLife).state());
    assertEquals(13, secondLife.resumedAt);

    Recorder uninterrupted = new Recorder(step -> false);
    assertEquals(RunState.COMPLETED, run(MID_EPOCH, TrainingOptions.NONE, uninterrupted).state());
    List<Double> resumedLosses = new ArrayList<>();
    firstLife.steps.forEach(s -> resumedLosses.add(s.loss()));
    secondLife.steps.forEach(s -> resumedLosses.add(s.loss()));
    assertEquals(
        uninterrupted.steps.stream().map(StepMetrics::loss).toList(),
        resumedLosses,
        "every step's loss, bitwise");
    EvalMetrics expected = uninterrupted.evaluations.get(1);
    EvalMetrics actual = secondLife.evaluations.get(secondLife.evaluations.size() - 1);
    assertEquals(expected.loss(), actual.loss(), 0.0);
    assertEquals(expected.accuracy(), actual.accuracy(), 0.0);
  }

  @Test
  void aPoisonedBatchEndsTheRunDivergedAtThatStep() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: adam}, epochs: 1, batchSize: 32, trainSize: 640, valSize: 100}");
    // A zero standard deviation turns every blue value into ±inf: the first step's loss is NaN.
    var poisoned =
        new dev.optlab.trainer.data.Normalization(List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.0));
    Recorder recorder = new Recorder(step -> false);
    RunOutcome outcome = new RunTraining(spec, TRAIN, VAL, poisoned, Device.cpu()).run(recorder);
    assertEquals(RunState.DIVERGED, outcome.state(), outcome.message());
    assertEquals(1, outcome.step());
    assertTrue(outcome.message().startsWith("diverged at step 1 (loss NaN"), outcome.message());
    assertTrue(recorder.steps.isEmpty(), "a non-finite step is never reported as a point");
  }

  @Test
  void cancellationStopsWithinOneStep() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: sgd}, epochs: 2, batchSize: 32, trainSize: 640, valSize: 100}");
    Recorder recorder = new Recorder(step -> step > 7);
    RunOutcome outcome = run(spec, TrainingOptions.NONE, recorder);
    assertEquals(RunState.CANCELLED, outcome.state());
    assertEquals(7, outcome.step());
    assertEquals(7, recorder.steps.size());
  }

  @Test
  void layerNormsAreReportedEveryNSteps() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: sgd}, epochs: 1, batchSize: 32, trainSize: 640, valSize: 100}");
    Recorder recorder = new Recorder(step -> false);
    run(spec, new TrainingOptions(5, null, null), recorder);
    for (var step : recorder.steps) {
      if (step.step() % 5 == 0) {
        assertEquals(
            6, step.layerGradNorms().size(), "weights and biases of 2 convs and the dense layer");
        double sumOfSquares = step.layerGradNorms().values().stream().mapToDouble(n -> n * n).sum();
        assertEquals(
            step.gradNorm(),
            Math.sqrt(sumOfSquares),
            step.gradNorm() * 1e-4,
            "layer norms make up the global norm");
      } else {
        assertEquals(null, step.layerGradNorms());
      }
    }
  }
}
