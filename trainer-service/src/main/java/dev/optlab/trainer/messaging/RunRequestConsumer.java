package dev.optlab.trainer.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.MalformedRecordException;
import dev.optlab.contracts.Topics;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.trainer.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Takes run requests from the {@code trainers} share group one at a time and trains each on this
 * thread. A share group hands a record to whichever idle trainer polls, so no run waits behind a
 * busy trainer; the record stays locked to this trainer while it trains (the group's lock is set to
 * the broker's one-hour maximum) and goes to another trainer at once if this process dies.
 */
@ApplicationScoped
public class RunRequestConsumer {
  private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

  /** The longest a run may train between two polls: the trainers group's record lock. */
  static final long MAX_RUN_MILLIS = java.time.Duration.ofHours(1).toMillis();

  /** How long shutdown waits for the run in progress to stop and be released. */
  private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(60);

  private final RunExecutor executor;
  private final EventPublisher publisher;
  private final TrainerConfig config;
  private final String bootstrapServers;
  private volatile KafkaShareConsumer<String, String> consumer;
  private volatile boolean running;
  private volatile Thread thread;

  RunRequestConsumer(
      RunExecutor executor,
      EventPublisher publisher,
      TrainerConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.executor = executor;
    this.publisher = publisher;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.consumeRuns()) {
      return;
    }
    running = true;
    thread = new Thread(this::consume, "run-requests");
    thread.start();
  }

  /**
   * On SIGTERM the run in progress stops after its current step and its request is released to the
   * group, so another trainer resumes it from its last checkpoint at once (rather than after this
   * member's session times out). Waits for that, so the last status event still goes out.
   */
  void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
    // Before the platform's own shutdown observers: the Kafka emitters must still be open.
    running = false;
    executor.stopAfterCurrentStep();
    Thread consuming = thread;
    if (consuming == null) {
      return;
    }
    try {
      consuming.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (consuming.isAlive()) {
      LOG.warnf("run-request consumer still busy after %s: leaving it", STOP_WAIT);
      KafkaShareConsumer<String, String> current = consumer;
      if (current != null) {
        current.wakeup();
      }
    }
  }

  public boolean isAlive() {
    return !config.consumeRuns() || (thread != null && thread.isAlive());
  }

  private void consume() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", Topics.TRAINER_SHARE_GROUP);
    props.put("client.id", executor.trainerId());
    props.put("share.acknowledgement.mode", "explicit");
    props.put("share.acquire.mode", "record_limit");
    props.put("max.poll.records", "1");
    // A run is trained between two polls: without this the member is expelled after 5 minutes
    // of training and rejoins, and records acquired under the old membership stay locked.
    props.put("max.poll.interval.ms", Long.toString(MAX_RUN_MILLIS));
    try (KafkaShareConsumer<String, String> shareConsumer =
        new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer = shareConsumer;
      shareConsumer.subscribe(List.of(Topics.RUN_REQUESTS));
      LOG.infof(
          "trainer %s takes runs from share group %s",
          executor.trainerId(), Topics.TRAINER_SHARE_GROUP);
      while (running) {
        ConsumerRecords<String, String> records = shareConsumer.poll(config.pollTimeout());
        for (ConsumerRecord<String, String> record : records) {
          handle(shareConsumer, record);
        }
        if (!records.isEmpty()) {
          shareConsumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("run-request consumer stopped", e);
    }
  }

  private void handle(
      KafkaShareConsumer<String, String> shareConsumer, ConsumerRecord<String, String> record) {
    RunRequested request;
    try {
      request = Json.read(record.value(), RunRequested.class);
    } catch (MalformedRecordException e) {
      LOG.warnf(
          "rejected run request %s at %s-%d@%d: %s",
          record.key(), record.topic(), record.partition(), record.offset(), e.getMessage());
      publisher.deadLetter(record.key(), record.value(), e.getMessage());
      shareConsumer.acknowledge(record, AcknowledgeType.REJECT);
      return;
    }
    int attempt = record.deliveryCount().map(Short::intValue).orElse(request.attempt());
    RunState end = executor.execute(request, attempt);
    // QUEUED: released unfinished (this trainer stops); the group hands it to another trainer.
    shareConsumer.acknowledge(
        record, end == RunState.QUEUED ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT);
  }
}
