package dev.optlab.metrics.messaging;

/** SmallRye channel names of metrics-service, shared with the tests. */
public final class Channels {
  public static final String TRAINING_METRICS_IN = "training-metrics-in";
  public static final String RUN_STATUS_IN = "run-status-in";
  public static final String RUN_REQUESTS_IN = "run-requests-in";
  public static final String TRAINING_METRICS_DLQ_OUT = "training-metrics-dlq-out";

  private Channels() {}
}
