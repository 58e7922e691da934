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
import java.util.Optional;
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
 * Takes run requests from the {@code trainers} share group one at a time. A share group hands a
 * record to whichever idle trainer polls, so no run waits behind a busy trainer. The run trains on
 * a worker thread while this thread keeps the record: every {@code trainer.lock-renew-interval} it
 * renews the record's lock (RENEW, then a poll that hands the same record back), as long as the run
 * made progress since the last renewal; a hung run's lock lapses and another trainer takes it.
 */
@ApplicationScoped
public class RunRequestConsumer {
  private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

  /** How long shutdown waits for the run in progress to stop and be released. */
  private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(60);

  private final RunExecutor executor;
  private final EventPublisher publisher;
  private final TrainerConfig config;
  private final String bootstrapServers;
  private volatile KafkaShareConsumer<String, String> consumer;
  private volatile boolean running;
  private volatile Thread thread;
  private final java.util.concurrent.ExecutorService training =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread worker = new Thread(r, "training");
            worker.setDaemon(true);
            return worker;
          });

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
   * On SIGTERM the run in progress stops after its current step, is checkpointed there and its
   * request is released to the group, so another trainer continues it from that step at once
   * (rather than after this member's session times out). Waits for that, so the last status event
   * still goes out.
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
    // This thread polls at every lock renewal during a run; leave room for a slow renewal.
    props.put(
        "max.poll.interval.ms",
        Long.toString(config.lockRenewInterval().multipliedBy(3).toMillis()));
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
    java.util.concurrent.Future<RunState> run =
        training.submit(() -> executor.execute(request, attempt));
    ConsumerRecord<String, String> held = whileTraining(shareConsumer, record, run);
    RunState end;
    try {
      end = run.get();
    } catch (java.util.concurrent.ExecutionException e) {
      end = RunState.FAILED; // execute() reports its own failures; this is a safety net
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = RunState.QUEUED;
    }
    // QUEUED: released unfinished (this trainer stops); the group hands it to another trainer.
    acknowledge(
        shareConsumer,
        held,
        end == RunState.QUEUED ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT);
  }

  /**
   * Acknowledges the run's record; a copy the consumer no longer accepts (renewed, but not yet
   * handed back) is polled back first.
   */
  private static ConsumerRecord<String, String> acknowledge(
      KafkaShareConsumer<String, String> shareConsumer,
      ConsumerRecord<String, String> record,
      AcknowledgeType type) {
    try {
      shareConsumer.acknowledge(record, type);
      return record;
    } catch (IllegalStateException stale) {
      Optional<ConsumerRecord<String, String>> back = pollBack(shareConsumer, record);
      if (back.isEmpty()) {
        LOG.errorf("run %s: its record could not be acknowledged %s", record.key(), type);
        return record;
      }
      shareConsumer.acknowledge(back.get(), type);
      return back.get();
    }
  }

  /**
   * Polls for the copy of {@code record} the consumer hands back after a RENEW; anything else
   * polled meanwhile is released to the group (measured against the real broker: nothing else is
   * fetched while a renewed record is held).
   */
  private static Optional<ConsumerRecord<String, String>> pollBack(
      KafkaShareConsumer<String, String> shareConsumer, ConsumerRecord<String, String> record) {
    Optional<ConsumerRecord<String, String>> back = Optional.empty();
    for (ConsumerRecord<String, String> r : shareConsumer.poll(java.time.Duration.ofSeconds(1))) {
      if (r.partition() == record.partition() && r.offset() == record.offset()) {
        back = Optional.of(r);
      } else {
        LOG.warnf("released %s, polled while holding %s", r.key(), record.key());
        shareConsumer.acknowledge(r, AcknowledgeType.RELEASE);
      }
    }
    return back;
  }

  /**
   * Waits for the run, renewing its record's lock at every interval while it makes progress.
   * Returns the record as last handed back by the consumer: after a RENEW only that copy can be
   * acknowledged.
   */
  private ConsumerRecord<String, String> whileTraining(
      KafkaShareConsumer<String, String> shareConsumer,
      ConsumerRecord<String, String> record,
      java.util.concurrent.Future<RunState> run) {
    ConsumerRecord<String, String> held = record;
    long progressAtRenewal = executor.progress();
    while (true) {
      try {
        run.get(config.lockRenewInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return held;
      } catch (java.util.concurrent.TimeoutException stillTraining) {
        long progress = executor.progress();
        if (progress == progressAtRenewal) {
          LOG.errorf(
              "run %s made no progress in %s: its lock is left to lapse",
              record.key(), config.lockRenewInterval());
          continue;
        }
        progressAtRenewal = progress;
        held = renew(shareConsumer, held);
      } catch (java.util.concurrent.ExecutionException e) {
        return held;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return held;
      }
    }
  }

  private ConsumerRecord<String, String> renew(
      KafkaShareConsumer<String, String> shareConsumer, ConsumerRecord<String, String> held) {
    ConsumerRecord<String, String> renewed =
        acknowledge(shareConsumer, held, AcknowledgeType.RENEW);
    shareConsumer.commitSync();
    LOG.debugf("renewed the lock of run %s", held.key());
    return pollBack(shareConsumer, renewed).orElse(renewed);
  }
}
