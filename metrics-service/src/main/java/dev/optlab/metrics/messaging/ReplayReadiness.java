package dev.optlab.metrics.messaging;

import dev.optlab.contracts.Topics;
import dev.optlab.metrics.MetricsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the curves are rebuilt. At every start this service reads its topics from the
 * beginning (a fresh consumer group); until that group has committed up to the end offsets the
 * topics had when the service started, the API would serve partial curves. Readiness follows the
 * rebuild by up to SmallRye's commit interval ({@code optlab.commit-interval-ms}). Once caught up
 * it stays ready: later events are live traffic, not a rebuild.
 */
@Readiness
@ApplicationScoped
public class ReplayReadiness implements HealthCheck {
  static final List<String> TOPICS =
      List.of(Topics.TRAINING_METRICS, Topics.RUN_STATUS, Topics.RUN_REQUESTS);
  private static final long TIMEOUT_SECONDS = 5;

  private final MetricsConfig config;
  private final String bootstrapServers;
  private final String group;
  private Admin admin;
  private Map<TopicPartition, OffsetRange> targets;
  private boolean caughtUp;
  private final Map<String, String> progress = new java.util.TreeMap<>(); // topic -> consumed
  private long lastCheckedNanos;
  private String lastError;

  ReplayReadiness(
      MetricsConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "optlab.consumer-group") String group) {
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.group = group;
  }

  /** Notes the topics' end offsets at start-up: what was there then is the rebuild. */
  void onStart(@Observes StartupEvent event) {
    if (config.awaitReplay()) {
      Thread snapshot = new Thread(this::call, "replay-offsets");
      snapshot.setDaemon(true);
      snapshot.start();
    }
  }

  /**
   * While the curves are still being rebuilt, how far the rebuild is, for responses that would
   * otherwise show partial curves as if they were complete; empty once caught up. Rechecks the
   * offsets at most once a second.
   */
  public synchronized Optional<String> rebuilding() {
    if (!config.awaitReplay() || caughtUp) {
      return Optional.empty();
    }
    if (System.nanoTime() - lastCheckedNanos > 1_000_000_000L || lastCheckedNanos == 0) {
      call();
    }
    if (caughtUp) {
      return Optional.empty();
    }
    if (lastError != null) {
      return Optional.of("rebuilding curves after a restart; progress unknown (" + lastError + ")");
    }
    StringJoiner topics = new StringJoiner("; ", "rebuilding curves after a restart: ", "");
    progress.forEach((topic, consumed) -> topics.add(topic + " " + consumed));
    return Optional.of(topics.toString());
  }

  @Override
  public synchronized HealthCheckResponse call() {
    lastCheckedNanos = System.nanoTime();
    lastError = null;
    HealthCheckResponseBuilder builder = HealthCheckResponse.named("curves-rebuilt");
    if (!config.awaitReplay()) {
      return builder.up().withData("waits", false).build();
    }
    if (caughtUp) {
      progress.forEach(builder::withData);
      return builder.up().build();
    }
    try {
      if (targets == null) {
        targets = offsetRanges();
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<String, long[]> byTopic = new HashMap<>(); // topic -> {committed, target}
      TOPICS.forEach(topic -> byTopic.put(topic, new long[2]));
      targets.forEach(
          (partition, range) -> {
            // Nothing committed yet: consumption starts at the first offset retention kept.
            OffsetAndMetadata at = committed.get(partition);
            long position = Math.max(range.first(), at == null ? 0 : at.offset());
            long[] sums = byTopic.get(partition.topic());
            sums[0] += Math.min(range.end(), position) - range.first();
            sums[1] += range.end() - range.first();
          });
      boolean done = byTopic.values().stream().allMatch(sums -> sums[0] >= sums[1]);
      byTopic.forEach(
          (topic, sums) -> progress.put(topic, "consumed " + sums[0] + " of " + sums[1]));
      progress.forEach(builder::withData);
      if (done) {
        caughtUp = true;
        close();
      }
      return builder.status(done).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lastError = "interrupted";
      return builder.down().withData("error", lastError).build();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      lastError = "cannot read offsets: " + e;
      return builder.down().withData("error", lastError).build();
    }
  }

  /** The offsets a partition held at start-up (or when first reachable): [first, end). */
  private record OffsetRange(long first, long end) {}

  /**
   * Every partition's first and end offset now; a topic that does not exist yet has nothing to
   * rebuild.
   */
  private Map<TopicPartition, OffsetRange> offsetRanges()
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
        admin().describeTopics(TOPICS).topicNameValues().entrySet()) {
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
                  "metrics-service-replay-readiness"));
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
