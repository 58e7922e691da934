package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.SyntheticCifar;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.Batches;
import dev.optlab.trainer.data.CifarFixtures;
import dev.optlab.trainer.data.CifarImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTrainingTest {
  private static final CifarImages TRAIN = CifarFixtures.images(400, 1);
  private static final CifarImages VAL = CifarFixtures.images(100, 2);

  private static final class Recorder implements RunListener {
    final List<StepMetrics> steps = new ArrayList<>();
    final List<EvalMetrics> evaluations = new ArrayList<>();

    @Override
    public void onStep(StepMetrics metrics) {
      steps.add(metrics);
    }

    @Override
    public void onEpochEnd(EvalMetrics validation) {
      evaluations.add(validation);
    }
  }

  private static Recorder train(RunSpec spec, RunState expected) {
    Recorder recorder = new Recorder();
    RunOutcome outcome =
        new RunTraining(spec, TRAIN, VAL, CifarFixtures.NORMALIZATION, Device.cpu()).run(recorder);
    assertEquals(expected, outcome.state(), outcome.message());
    return recorder;
  }

  @Test
  void theModelSeesNchwImagesThatAreStoredChannelsLast() {
    byte[] records = SyntheticCifar.records(3, 4);
    Batches.Batch batch =
        Batches.sequential(CifarImages.fromRecords(records), CifarFixtures.NORMALIZATION, 0, 3);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray input = RunTraining.channelsLast(manager, batch);
      assertEquals(new Shape(3, 3, 32, 32), input.getShape());
      float[] nchw = input.toFloatArray();
      for (int i = 0; i < nchw.length; i++) {
        int record = i / Cifar10.IMAGE_BYTES * Cifar10.RECORD_BYTES + 1 + i % Cifar10.IMAGE_BYTES;
        float normalized = (float) (((records[record] & 0xff) / 255.0 - 0.5) / 0.25);
        assertEquals(normalized, nchw[i], "element " + i + " in NCHW order");
      }
    }
  }

  @Test
  void adamLearnsTheFixtureAndReportsEveryStepAndEpoch() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: adam}, epochs: 3, batchSize: 32, trainSize: 400, valSize: 100}");
    Recorder recorder = train(spec, RunState.COMPLETED);
    assertEquals(3 * (400 / 32), recorder.steps.size());
    assertEquals(
        List.of(1, 2, 3),
        recorder.evaluations.stream().map(RunListener.EvalMetrics::epoch).toList());
    assertEquals(36, recorder.evaluations.get(2).step());
    double firstLoss = recorder.steps.get(0).loss();
    assertTrue(firstLoss > 1.5 && firstLoss < 3.5, "initial loss near ln(10): " + firstLoss);
    double lastAccuracy = recorder.evaluations.get(2).accuracy();
    assertTrue(lastAccuracy > 0.5, "validation accuracy after 3 epochs: " + lastAccuracy);
    assertTrue(recorder.steps.stream().allMatch(s -> s.gradNorm() > 0 && s.samples() == 32));
    assertEquals(0.001, recorder.steps.get(5).learningRate(), 1e-12);
  }

  @Test
  void runsDifferingOnlyInOptimizerStartFromTheSameLoss() {
    String data = "epochs: 1, batchSize: 32, trainSize: 400, valSize: 100";
    Recorder sgd = train(RunSpecs.of("{optimizer: {type: sgd}, " + data + "}"), RunState.COMPLETED);
    Recorder adam =
        train(RunSpecs.of("{optimizer: {type: adam}, " + data + "}"), RunState.COMPLETED);
    assertEquals(sgd.steps.get(0).loss(), adam.steps.get(0).loss(), 0.0);
    assertTrue(sgd.steps.get(3).loss() != adam.steps.get(3).loss(), "optimizers must matter");
  }

  @Test
  void anExplodingRunEndsDivergedWithTheLastFiniteValues() {
    RunSpec spec =
        RunSpecs.of(
            "{optimizer: {type: sgd, learningRate: 1.0e6}, init: he_normal, dropout: 0, epochs: 2, batchSize: 32, trainSize: 400, valSize: 100}");
    Recorder recorder = new Recorder();
    RunOutcome outcome =
        new RunTraining(spec, TRAIN, VAL, CifarFixtures.NORMALIZATION, Device.cpu()).run(recorder);
    assertEquals(RunState.DIVERGED, outcome.state(), outcome.message());
    assertEquals(recorder.steps.size() + 1, outcome.step());
    assertTrue(recorder.steps.stream().allMatch(s -> Double.isFinite(s.loss())));
  }
}
