package dev.optlab.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftBrokerTest {

  @Test
  void startsCreatesTheLabTopicsAndHandsOutRunRequestsThroughTheShareGroup(@TempDir Path dir)
      throws Exception {
    try (KraftBroker broker = KraftBroker.start(dir, 0, 0)) {
      broker.createLabTopics();
      broker.createLabTopics(); // idempotent: a restarted ./lab keeps its topics

      try (Admin admin = broker.admin()) {
        Map<String, TopicDescription> topics =
            admin
                .describeTopics(Topics.LAYOUT.stream().map(Topics.TopicLayout::name).toList())
                .allTopicNames()
                .get();
        for (Topics.TopicLayout layout : Topics.LAYOUT) {
          assertEquals(
              layout.partitions(), topics.get(layout.name()).partitions().size(), layout.name());
        }
        ConfigResource metrics =
            new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRAINING_METRICS);
        assertEquals(
            "-1",
            admin
                .describeConfigs(List.of(metrics))
                .all()
                .get()
                .get(metrics)
                .get("retention.ms")
                .value(),
            "curves are rebuilt from training-metrics: it keeps everything");
        ConfigResource group =
            new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINER_SHARE_GROUP);
        var config = admin.describeConfigs(List.of(group)).all().get().get(group);
        assertEquals("earliest", config.get("share.auto.offset.reset").value());
        assertEquals(
            Long.toString(KraftBroker.MAX_RECORD_LOCK_MS),
            config.get("share.record.lock.duration.ms").value());
        assertEquals("true", config.get("share.renew.acknowledge.enable").value());
      }

      Properties producerProps = new Properties();
      producerProps.put("bootstrap.servers", broker.bootstrapServers());
      try (var producer =
          new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, "run-1", "payload-1")).get();
      }

      Properties consumerProps = new Properties();
      consumerProps.put("bootstrap.servers", broker.bootstrapServers());
      consumerProps.put("group.id", Topics.TRAINER_SHARE_GROUP);
      consumerProps.put("share.acknowledgement.mode", "explicit");
      consumerProps.put("max.poll.records", "1");
      try (var consumer =
          new KafkaShareConsumer<>(
              consumerProps, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(Set.of(Topics.RUN_REQUESTS));
        List<ConsumerRecord<String, String>> received = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(500))) {
            received.add(record);
            consumer.acknowledge(record, AcknowledgeType.ACCEPT);
          }
        }
        consumer.commitSync();
        assertEquals(
            List.of("run-1=payload-1"),
            received.stream().map(r -> r.key() + "=" + r.value()).collect(Collectors.toList()));
      }
    }
  }

  @Test
  void advertisesTheConfiguredHostSoContainersCanReachIt(@TempDir Path dir) throws Exception {
    try (KraftBroker broker = KraftBroker.start(dir, 0, 0, "0.0.0.0", "localhost")) {
      assertEquals("localhost:" + broker.port(), broker.bootstrapServers());
      broker.createLabTopics();
      try (Admin admin = broker.admin()) {
        var node = admin.describeCluster().nodes().get().iterator().next();
        assertEquals("localhost", node.host(), "clients are told the advertised host");
        assertEquals(broker.port(), node.port());
      }
    }
  }
}
