package dev.optlab.trainer.training;

/** Hooks of a training run: every step, every evaluation, and a cancellation check. */
public interface RunListener {
  record StepMetrics(
      long step,
      int epoch,
      double loss,
      double accuracy,
      double learningRate,
      double gradNorm,
      double samplesPerSecond,
      int samples,
      java.util.Map<String, Double> layerGradNorms) {}

  record EvalMetrics(long step, int epoch, double loss, double accuracy, double learningRate) {}

  void onStep(StepMetrics metrics);

  void onEpochEnd(EvalMetrics validation);

  /** Called once when a run continues from a checkpoint instead of starting afresh. */
  default void onResume(int epoch, long step) {}

  /** Asked before each step; true stops the run as CANCELLED. */
  default boolean cancelRequested() {
    return false;
  }
}
