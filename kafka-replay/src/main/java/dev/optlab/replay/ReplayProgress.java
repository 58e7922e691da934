package dev.optlab.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How far a service that rebuilds its state from Kafka at every start (a fresh consumer group
 * reading its topics from the beginning) has read back what the topics held when it started. Once
 * started it asks Kafka every second, on a thread of its own, until caught up: the first successful
 * look notes every partition's first and end offsets (that is the rebuild), later ones compare the
 * group's committed offsets with them, so progress trails the consumers by their commit interval.
 * Once caught up it stays so: later records are live traffic.
 */
public final class ReplayProgress implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 5;

  /** {@code consumed}: per topic, "consumed N of M" records; {@code error} when unknown. */
  public record Status(boolean caughtUp, Map<String, String> consumed, String error) {}

  /** The offsets a partition held at start-up (or when first reachable): [first, end). */
  record OffsetRange(long first, long end) {}

  private final String bootstrapServers;
  private final String group;
  private final List<String> topics;
  private final String clientId;
  // Kafka is asked on this thread only, so a broker that does not answer never holds up a request
  // or a health probe: they read the latest status.
  private final ScheduledExecutorService poller;
  private Admin admin;
  private Map<TopicPartition, OffsetRange> targets;
  private volatile Status latest = new Status(false, Map.of(), "offsets not read yet");

  public ReplayProgress(
      String bootstrapServers, String group, List<String> topics, String clientId) {
    this.bootstrapServers = bootstrapServers;
    this.group = group;
    this.topics = List.copyOf(topics);
    this.clientId = clientId;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, clientId);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Notes the topics' offsets now (what they hold is the rebuild), then the group's progress every
   * second until it has caught up.
   */
  public void start() {
    poller.scheduleWithFixedDelay(this::refresh, 0, 1, TimeUnit.SECONDS);
  }

  /** The latest status, without asking Kafka. */
  public Status status() {
    return latest;
  }

  private synchronized void refresh() {
    try {
      if (targets == null) {
        targets = offsetRanges();
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      latest = status(topics, targets, committed);
      if (latest.caughtUp()) {
        close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      latest = new Status(false, Map.of(), "cannot read offsets: " + e);
    }
  }

  /**
   * While the rebuild goes on, a sentence saying how far it is ("rebuilding {@code what} after a
   * restart: …"), for responses that would otherwise show partial state as complete; empty once
   * caught up.
   */
  public Optional<String> rebuilding(String what) {
    Status status = latest;
    if (status.caughtUp()) {
      return Optional.empty();
    }
    if (status.error() != null) {
      return Optional.of(
          "rebuilding " + what + " after a restart; progress unknown (" + status.error() + ")");
    }
    StringJoiner sentence = new StringJoiner("; ", "rebuilding " + what + " after a restart: ", "");
    status.consumed().forEach((topic, consumed) -> sentence.add(topic + " " + consumed));
    return Optional.of(sentence.toString());
  }

  /** Progress of {@code committed} over {@code targets}, per topic in {@code topics}' order. */
  static Status status(
      List<String> topics,
      Map<TopicPartition, OffsetRange> targets,
      Map<TopicPartition, OffsetAndMetadata> committed) {
    Map<String, long[]> byTopic = new LinkedHashMap<>(); // topic -> {consumed, to consume}
    topics.forEach(topic -> byTopic.put(topic, new long[2]));
    targets.forEach(
        (partition, range) -> {
          // Nothing committed yet: consumption starts at the first offset retention kept.
          OffsetAndMetadata at = committed.get(partition);
          long position = Math.max(range.first(), at == null ? 0 : at.offset());
          long[] sums = byTopic.get(partition.topic());
          sums[0] += Math.min(range.end(), position) - range.first();
          sums[1] += range.end() - range.first();
        });
    Map<String, String> consumed = new LinkedHashMap<>();
    byTopic.forEach((topic, sums) -> consumed.put(topic, "consumed " + sums[0] + " of " + sums[1]));
    boolean done = byTopic.values().stream().allMatch(sums -> sums[0] >= sums[1]);
    return new Status(done, consumed, null);
  }

  /**
   * Every partition's first and end offset now; a topic that does not exist yet has nothing to
   * rebuild.
   */
  private Map<TopicPartition, OffsetRange> offsetRanges()
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
        admin().describeTopics(topics).topicNameValues().entrySet()) {
      try {
        topic
            .getValue()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .partitions()
            .forEach(
                p -> {
                  TopicPartition partition = new TopicPartition(topic.getKey(), p.partition());
                  latest.put(partition, OffsetSpec.latest());
                  earliest.put(partition, OffsetSpec.earliest());
                });
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    var firsts = admin().listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    var ends = admin().listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetRange> ranges = new HashMap<>();
    firsts.forEach(
        (partition, first) ->
            ranges.put(partition, new OffsetRange(first.offset(), ends.get(partition).offset())));
    return ranges;
  }

  private Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  clientId));
    }
    return admin;
  }

  /** Stops asking Kafka; called once caught up, and when the service stops. */
  @Override
  public void close() {
    poller.shutdownNow();
    Admin closing;
    synchronized (this) { // a refresh under way ends at once: shutdownNow interrupted it
      closing = admin;
      admin = null;
    }
    if (closing != null) {
      closing.close(Duration.ofSeconds(1));
    }
  }
}
