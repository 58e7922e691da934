package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.optlab.contracts.spec.ClippingSpec;
import dev.optlab.contracts.spec.ScheduleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleInitClipTest {
  private static LearningRateSchedule schedule(String yaml, int stepsPerEpoch, int epochs) {
    ScheduleSpec spec =
        RunSpecs.of("{optimizer: {type: adam, learningRate: 0.1}, schedule: " + yaml + "}")
            .schedule();
    return new LearningRateSchedule(0.1, spec, stepsPerEpoch, epochs);
  }

  @Test
  void schedulesFollowTheirClosedForms() {
    LearningRateSchedule constant = schedule("{type: constant}", 100, 10);
    assertEquals(0.1, constant.rateAt(1, 0), 1e-15);
    assertEquals(0.1, constant.rateAt(999, 9), 1e-15);

    LearningRateSchedule stepPerEpoch =
        schedule("{type: step, unit: epoch, stepSize: 10, gamma: 0.5}", 100, 30);
    assertEquals(0.1, stepPerEpoch.rateAt(950, 9), 1e-15);
    assertEquals(0.05, stepPerEpoch.rateAt(1001, 10), 1e-15);
    assertEquals(0.025, stepPerEpoch.rateAt(2501, 25), 1e-15);

    LearningRateSchedule stepPerUpdate =
        schedule("{type: step, unit: step, stepSize: 100, gamma: 0.1}", 50, 10);
    assertEquals(0.1, stepPerUpdate.rateAt(99, 1), 1e-15);
    assertEquals(0.01, stepPerUpdate.rateAt(100, 1), 1e-15);

    LearningRateSchedule exponential =
        schedule("{type: exponential, unit: step, stepSize: 10000, gamma: 0.9}", 782, 20);
    assertEquals(0.1 * Math.pow(0.9, 0.5), exponential.rateAt(5000, 6), 1e-15);
    assertEquals(0.1 * 0.9, exponential.rateAt(10000, 12), 1e-15);

    LearningRateSchedule cosine = schedule("{type: cosine, minLearningRate: 0.001}", 100, 10);
    assertEquals(0.1, cosine.rateAt(0, 0), 1e-15);
    assertEquals((0.1 + 0.001) / 2, cosine.rateAt(500, 5), 1e-12);
    assertEquals(
        0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * 0.25)) / 2, cosine.rateAt(250, 2), 1e-12);
    assertEquals(0.001, cosine.rateAt(1000, 10), 1e-12);

    LearningRateSchedule warmupCosine = schedule("{type: cosine, warmupSteps: 100}", 100, 10);
    assertEquals(0.05, warmupCosine.rateAt(50, 0), 1e-15);
    assertEquals(0.1, warmupCosine.rateAt(100, 1), 1e-15);
    assertEquals(0.05, warmupCosine.rateAt(100 + 450, 5), 1e-12);

    LearningRateSchedule warmupStep =
        schedule("{type: step, unit: step, stepSize: 200, gamma: 0.5, warmupSteps: 100}", 100, 10);
    assertEquals(0.001, warmupStep.rateAt(1, 0), 1e-15);
    assertEquals(0.1, warmupStep.rateAt(299, 2), 1e-15);
    assertEquals(0.05, warmupStep.rateAt(300, 3), 1e-15);
  }

  private static double[] stats(String init) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray array =
          Initializers.forName(init, 0.01)
              .initialize(manager, new Shape(256, 128, 3, 3), DataType.FLOAT32);
      float[] values = array.toFloatArray();
      double sum = 0;
      double squares = 0;
      double maxAbs = 0;
      for (float v : values) {
        sum += v;
        squares += (double) v * v;
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      double mean = sum / values.length;
      return new double[] {mean, Math.sqrt(squares / values.length - mean * mean), maxAbs};
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "glorot_uniform, uniform",
    "glorot_normal, normal",
    "he_normal, normal",
    "he_uniform, uniform",
    "normal, normal"
  })
  void initializersMatchTheirFormulasWithin5Percent(String init, String distribution) {
    double fanIn = 128 * 9;
    double fanOut = 256 * 9;
    double expectedStd =
        switch (init) {
          case "glorot_uniform" -> Math.sqrt(6 / (fanIn + fanOut)) / Math.sqrt(3);
          case "glorot_normal" -> Math.sqrt(2 / (fanIn + fanOut));
          case "he_normal" -> Math.sqrt(2 / fanIn);
          case "he_uniform" -> Math.sqrt(6 / fanIn) / Math.sqrt(3);
          default -> 0.01;
        };
    double[] measured = stats(init);
    assertEquals(0, measured[0], expectedStd * 0.05, init + " mean");
    assertEquals(expectedStd, measured[1], expectedStd * 0.05, init + " std");
    if (distribution.equals("uniform")) {
      double limit = expectedStd * Math.sqrt(3);
      assertTrue(
          measured[2] <= limit * 1.0001 && measured[2] >= limit * 0.95,
          init + " limit " + measured[2] + " vs " + limit);
    }
  }

  @Test
  void zeroInitGivesAllZeroWeights() {
    double[] measured = stats("zeros");
    assertEquals(0.0, measured[2]);
  }

  @Test
  void normClippingCapsTheGlobalNormAndLeavesSmallGradientsAlone() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      List<NDArray> large =
          List.of(manager.create(new float[] {3, -4}), manager.create(new float[] {0, 12, 0}));
      double norm = Gradients.globalNorm(large);
      assertEquals(13.0, norm, 1e-6);
      Gradients.clip(large, norm, new ClippingSpec("norm", 1.0));
      assertEquals(1.0, Gradients.globalNorm(large), 1e-5);
      assertEquals(-4f / 13, large.get(0).getFloat(1), 1e-6, "direction kept");

      List<NDArray> small = List.of(manager.create(new float[] {0.3f, -0.4f}));
      Gradients.clip(small, Gradients.globalNorm(small), new ClippingSpec("norm", 1.0));
      assertEquals(-0.4f, small.get(0).getFloat(1));
    }
  }

  @Test
  void valueClippingBoundsBothSigns() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray gradient = manager.create(new float[] {-5, -0.2f, 0.1f, 0.7f, 3});
      Gradients.clip(List.of(gradient), 0, new ClippingSpec("value", 0.5));
      float[] clipped = gradient.toFloatArray();
      assertEquals(-0.5f, clipped[0], "negative side clipped too");
      assertEquals(-0.2f, clipped[1]);
      assertEquals(0.1f, clipped[2]);
      assertEquals(0.5f, clipped[3]);
      assertEquals(0.5f, clipped[4]);
    }
  }

  @Test
  void deviceSelection() {
    assertEquals(Device.cpu(), DeviceSelector.select("auto", 0));
    assertEquals(Device.gpu(), DeviceSelector.select("auto", 2));
    assertEquals(Device.cpu(), DeviceSelector.select("cpu", 2));
    assertEquals(Device.gpu(), DeviceSelector.select("gpu", 1));
    var noGpu = assertThrows(IllegalStateException.class, () -> DeviceSelector.select("gpu", 0));
    assertTrue(noGpu.getMessage().contains("sees no GPU"));
    assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select("tpu", 0));
  }
}
