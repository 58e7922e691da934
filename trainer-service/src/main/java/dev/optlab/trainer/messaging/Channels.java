package dev.optlab.trainer.messaging;

/** SmallRye channel names of the trainer, shared with the tests. */
public final class Channels {
  public static final String RUN_STATUS_OUT = "run-status-out";
  public static final String TRAINING_METRICS_OUT = "training-metrics-out";
  public static final String RUN_REQUESTS_DLQ_OUT = "run-requests-dlq-out";

  private Channels() {}
}
