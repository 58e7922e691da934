package dev.optlab.trainer.training;

import java.time.Duration;

/**
 * How a run is trained beyond its spec: per-layer gradient norms every {@code layerNormsEvery}
 * steps (0: never), where checkpoints go ({@code checkpoints} null: none) under which key, and how
 * long a run may go without one ({@code checkpointInterval}; null: at epoch ends only). An epoch
 * end, a release and this interval each write one.
 */
public record TrainingOptions(
    int layerNormsEvery, CheckpointStore checkpoints, String runKey, Duration checkpointInterval) {
  public static final TrainingOptions NONE = new TrainingOptions(0, null, null, null);

  public TrainingOptions(int layerNormsEvery, CheckpointStore checkpoints, String runKey) {
    this(layerNormsEvery, checkpoints, runKey, null);
  }
}
