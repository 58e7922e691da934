package dev.optlab.trainer.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.MalformedRecordException;
import dev.optlab.contracts.Topics;
import dev.optlab.contracts.events.CancelRun;
import dev.optlab.trainer.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every trainer reads all of {@code run-control} (no consumer group, from the beginning, so a run
 * cancelled while still queued is known when it is dequeued) and records the cancelled runs.
 */
@ApplicationScoped
public class RunControlListener {
  private static final Logger LOG = Logger.getLogger(RunControlListener.class);

  private final CancelRegistry registry;
  private final TrainerConfig config;
  private final String bootstrapServers;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running;

  RunControlListener(
      CancelRegistry registry,
      TrainerConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.registry = registry;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.consumeRuns()) {
      return;
    }
    running = true;
    Thread thread = new Thread(this::listen, "run-control");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  private void listen() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<String, String> control =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer = control;
      List<TopicPartition> partitions =
          control.partitionsFor(Topics.RUN_CONTROL).stream()
              .map(info -> new TopicPartition(Topics.RUN_CONTROL, info.partition()))
              .toList();
      control.assign(partitions);
      control.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, String> record : control.poll(Duration.ofMillis(500))) {
          try {
            CancelRun cancel = Json.read(record.value(), CancelRun.class);
            registry.cancel(cancel.runId(), cancel.reason());
            LOG.infof("run %s cancelled: %s", cancel.runId(), cancel.reason());
          } catch (MalformedRecordException e) {
            LOG.warnf("ignored an unreadable run-control record: %s", e.getMessage());
          }
        }
      }
    } catch (WakeupException e) {
      // shutting down
    } catch (RuntimeException e) {
      LOG.error("run-control listener stopped", e);
    }
  }
}
