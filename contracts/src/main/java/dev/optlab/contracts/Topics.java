package dev.optlab.contracts;

import java.util.List;

/** Kafka topic names shared by every service and by the tests. */
public final class Topics {
  public static final String RUN_REQUESTS = "run-requests";
  public static final String RUN_REQUESTS_DLQ = "run-requests-dlq";
  public static final String RUN_STATUS = "run-status";
  public static final String RUN_STATUS_DLQ = "run-status-dlq";
  public static final String TRAINING_METRICS = "training-metrics";
  public static final String TRAINING_METRICS_DLQ = "training-metrics-dlq";
  public static final String RUN_CONTROL = "run-control";

  /** The share group the trainer pool takes run requests from. */
  public static final String TRAINER_SHARE_GROUP = "trainers";

  /**
   * Every topic with the partition count the local stack and the tests create it with. {@code
   * run-requests} has one partition on purpose: a share group assigns partitions exclusively while
   * it has no more members than partitions (measured: 2 trainers, 4 partitions, 2 each), so a run
   * in a busy trainer's partition would wait while another trainer idles; one partition is shared
   * by every trainer, and any idle trainer takes the next run.
   */
  public static final List<TopicLayout> LAYOUT =
      List.of(
          new TopicLayout(RUN_REQUESTS, 1),
          new TopicLayout(RUN_REQUESTS_DLQ, 1),
          new TopicLayout(RUN_STATUS, 4),
          new TopicLayout(RUN_STATUS_DLQ, 1),
          new TopicLayout(TRAINING_METRICS, 4),
          new TopicLayout(TRAINING_METRICS_DLQ, 1),
          new TopicLayout(RUN_CONTROL, 1));

  public record TopicLayout(String name, int partitions) {}

  private Topics() {}
}
