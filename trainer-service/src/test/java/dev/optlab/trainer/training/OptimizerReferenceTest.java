package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.optlab.contracts.spec.OptimizerSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer against a plain-Java (double) transcription of PyTorch's documented update rule,
 * 20 steps on f(w) = Σ c·(w − t)², and SGD/Adam/AdamW also against DJL's native kernels.
 */
class OptimizerReferenceTest {
  private static final int STEPS = 20;
  private static final int SIZE = 12;
  private static final double SCALE = 0.7;

  private static double[] initial() {
    double[] w = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      w[i] = 1.0 + 0.3 * i;
    }
    return w;
  }

  private static double[] target() {
    double[] t = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      t[i] = 0.5 + 0.05 * i * i;
    }
    return t;
  }

  /**
   * The textbook rules straight from PyTorch's documentation, every stored value rounded to float32
   * when {@code single} (the precision the engine computes in) or kept in double.
   */
  private static double[] reference(OptimizerSpec o, boolean single) {
    java.util.function.DoubleUnaryOperator r = x -> single ? (double) (float) x : x;
    double[] w = java.util.Arrays.stream(initial()).map(r).toArray();
    double[] t = java.util.Arrays.stream(target()).map(r).toArray();
    double[] m = new double[SIZE];
    double[] v = new double[SIZE];
    double[] gAvg = new double[SIZE];
    double[] buf = new double[SIZE];
    double lr = o.learningRate();
    double wd = o.weightDecay();
    for (int step = 1; step <= STEPS; step++) {
      for (int i = 0; i < SIZE; i++) {
        double g = r.applyAsDouble(2 * SCALE * (w[i] - t[i]));
        switch (o.type()) {
          case "sgd" -> {
            g = r.applyAsDouble(g + wd * w[i]);
            if (o.momentum() > 0) {
              buf[i] = r.applyAsDouble(step == 1 ? g : o.momentum() * buf[i] + g);
              g = r.applyAsDouble(o.nesterov() ? g + o.momentum() * buf[i] : buf[i]);
            }
            w[i] = r.applyAsDouble(w[i] - (lr * g));
          }
          case "rmsprop" -> {
            g = r.applyAsDouble(g + wd * w[i]);
            v[i] = r.applyAsDouble(o.alpha() * v[i] + (1 - o.alpha()) * g * g);
            double avg = v[i];
            if (o.centered()) {
              gAvg[i] = r.applyAsDouble(o.alpha() * gAvg[i] + (1 - o.alpha()) * g);
              avg = r.applyAsDouble(v[i] - gAvg[i] * gAvg[i]);
            }
            double denominator = Math.sqrt(avg) + o.eps();
            if (o.momentum() > 0) {
              buf[i] = r.applyAsDouble(o.momentum() * buf[i] + g / denominator);
              w[i] = r.applyAsDouble(w[i] - (lr * buf[i]));
            } else {
              w[i] = r.applyAsDouble(w[i] - (lr * g / denominator));
            }
          }
          case "adam", "adamw" -> {
            if (o.type().equals("adamw")) {
              w[i] = r.applyAsDouble(w[i] * (1 - lr * wd));
            } else {
              g = r.applyAsDouble(g + wd * w[i]);
            }
            m[i] = r.applyAsDouble(o.beta1() * m[i] + (1 - o.beta1()) * g);
            v[i] = r.applyAsDouble(o.beta2() * v[i] + (1 - o.beta2()) * g * g);
            double mHat = m[i] / (1 - Math.pow(o.beta1(), step));
            double vHat = v[i] / (1 - Math.pow(o.beta2(), step));
            w[i] = r.applyAsDouble(w[i] - (lr * mHat / (Math.sqrt(vHat) + o.eps())));
          }
          case "adagrad" -> {
            g = r.applyAsDouble(g + wd * w[i]);
            v[i] = r.applyAsDouble(v[i] + (g * g));
            w[i] = r.applyAsDouble(w[i] - (lr * g / (Math.sqrt(v[i]) + o.eps())));
          }
          default -> throw new IllegalArgumentException(o.type());
        }
      }
    }
    return w;
  }

  /** 20 real backward passes through f and updates by {@code optimizer}. */
  private static double[] train(Optimizer optimizer) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray w = manager.create(toFloat(initial()));
      NDArray t = manager.create(toFloat(target()));
      w.setRequiresGradient(true);
      for (int step = 1; step <= STEPS; step++) {
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
          collector.backward(w.sub(t).square().mul((float) SCALE).sum());
        }
        try (NDArray grad = w.getGradient().duplicate()) {
          optimizer.update("w", w, grad);
        }
      }
      float[] result = w.toFloatArray();
      double[] out = new double[SIZE];
      for (int i = 0; i < SIZE; i++) {
        out[i] = result[i];
      }
      return out;
    }
  }

  private static float[] toFloat(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertClose(expected, actual, what, 1e-5);
  }

  private static void assertClose(
      double[] expected, double[] actual, String what, double tolerance) {
    double worst = 0;
    for (int i = 0; i < SIZE; i++) {
      worst =
          Math.max(
              worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3));
    }
    double max = worst;
    for (double value : expected) {
      assertTrue(
          Math.abs(value) > 0.05, what + ": a weight near zero makes relative error meaningless");
    }

    assertTrue(worst <= tolerance, () -> what + ": max relative error " + max);
    double moved = 0;
    double[] start = initial();
    for (int i = 0; i < SIZE; i++) {
      moved = Math.max(moved, Math.abs(expected[i] - start[i]));
    }
    assertTrue(
        moved > 1e-3, what + ": the weights must have moved for the comparison to mean anything");
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("{type: sgd, learningRate: 0.05}"),
        Arguments.of("{type: sgd, learningRate: 0.05, weightDecay: 0.01}"),
        Arguments.of("{type: sgd, learningRate: 0.02, momentum: 0.9}"),
        Arguments.of("{type: sgd, learningRate: 0.02, momentum: 0.9, nesterov: true}"),
        Arguments.of("{type: rmsprop, learningRate: 0.01}"),
        Arguments.of("{type: rmsprop, learningRate: 0.01, momentum: 0.9}"),
        Arguments.of("{type: rmsprop, learningRate: 0.01, centered: true}"),
        Arguments.of(
            "{type: rmsprop, learningRate: 0.004, centered: true, momentum: 0.5, weightDecay: 0.1}"),
        Arguments.of("{type: adam, learningRate: 0.05}"),
        Arguments.of("{type: adam, learningRate: 0.05, weightDecay: 0.1, beta1: 0.8}"),
        Arguments.of("{type: adamw, learningRate: 0.05, weightDecay: 0.1}"),
        Arguments.of("{type: adagrad, learningRate: 0.1}"),
        Arguments.of("{type: adagrad, learningRate: 0.1, weightDecay: 0.05}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void matchesTheTextbookRuleOver20Steps(String optimizerYaml) {
    OptimizerSpec spec = RunSpecs.of("{optimizer: " + optimizerYaml + "}").optimizer();
    double[] ours = train(LabOptimizer.forSpec(spec));
    assertClose(reference(spec, true), ours, optimizerYaml + " vs float32 reference");
    // In double the rule differs only by float32 rounding (centered RMSprop's v - g² cancels).
    assertClose(reference(spec, false), ours, optimizerYaml + " vs double reference", 1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nativeTwins")
  void matchesDjlsNativeOptimizer(String optimizerYaml, Optimizer twin) {
    OptimizerSpec spec = RunSpecs.of("{optimizer: " + optimizerYaml + "}").optimizer();
    assertClose(train(twin), train(LabOptimizer.forSpec(spec)), optimizerYaml + " vs DJL");
  }

  static Stream<Arguments> nativeTwins() {
    return Stream.of(
        Arguments.of(
            "{type: sgd, learningRate: 0.05}",
            Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build()),
        Arguments.of(
            "{type: adam, learningRate: 0.05}",
            Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(0.05f))
                .optEpsilon(1e-8f)
                .build()),
        Arguments.of(
            "{type: adamw, learningRate: 0.05, weightDecay: 0.1}",
            Optimizer.adamW()
                .optLearningRateTracker(Tracker.fixed(0.05f))
                .optEpsilon(1e-8f)
                .optWeightDecays(0.1f)
                .build()));
  }
}
