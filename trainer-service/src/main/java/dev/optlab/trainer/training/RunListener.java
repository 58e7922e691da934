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

  /**
   * Called once when a run continues from a checkpoint instead of starting afresh: at {@code step},
   * in {@code epoch} after {@code batchesDone} of its batches ({@link Checkpoint#WHOLE_EPOCH} when
   * that epoch was finished).
   */
  default void onResume(int epoch, int batchesDone, long step) {}

  /** Asked before each step; true stops the run as CANCELLED. */
  default boolean cancelRequested() {
    return false;
  }

  /**
   * Asked before each step; true stops the run as QUEUED, for another trainer to continue: its
   * state at that step is checkpointed first, so no step is lost or repeated.
   */
  default boolean releaseRequested() {
    return false;
  }
}
