package dev.optlab.trainer.training;

/**
 * How a run is trained beyond its spec: per-layer gradient norms every {@code layerNormsEvery}
 * steps (0: never), and where checkpoints go ({@code checkpoints} null: none) under which key.
 */
public record TrainingOptions(int layerNormsEvery, CheckpointStore checkpoints, String runKey) {
  public static final TrainingOptions NONE = new TrainingOptions(0, null, null);
}
