package dev.optlab.broker;

import dev.optlab.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM: the
 * broker process of {@code ./lab up} and the broker of the integration tests.
 */
public final class KraftBroker implements AutoCloseable {
  /**
   * Longest share-group record lock the broker allows: a trainer that stops renewing (hung or gone
   * without closing) loses its run after this long.
   */
  private static final String LOOPBACK = "127.0.0.1";

  public static final long MAX_RECORD_LOCK_MS = Duration.ofHours(1).toMillis();

  private final KafkaRaftServer server;
  private final int port;
  private final String advertisedHost;

  private KraftBroker(KafkaRaftServer server, int port, String advertisedHost) {
    this.server = server;
    this.port = port;
    this.advertisedHost = advertisedHost;
  }

  /** Formats {@code dataDir} if it is new, then starts the broker on loopback; 0 picks a port. */
  public static KraftBroker start(Path dataDir, int port, int controllerPort) {
    return start(dataDir, port, controllerPort, LOOPBACK, LOOPBACK);
  }

  /**
   * Like {@link #start(Path, int, int)}, listening on {@code listenHost} (0.0.0.0 in a container)
   * and telling clients to connect to {@code advertisedHost} (the container's service name).
   */
  public static KraftBroker start(
      Path dataDir, int port, int controllerPort, String listenHost, String advertisedHost) {
    int brokerPort = port == 0 ? freePort() : port;
    int quorumPort = controllerPort == 0 ? freePort() : controllerPort;
    Properties props = properties(dataDir, brokerPort, quorumPort, listenHost, advertisedHost);
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "written by KraftBroker");
      }
      if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
        format(config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    server.startup();
    return new KraftBroker(server, brokerPort, advertisedHost);
  }

  private static Properties properties(
      Path dataDir, int port, int controllerPort, String listenHost, String advertisedHost) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + listenHost
            + ":"
            + port
            + ",CONTROLLER://"
            + listenHost
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.share.max.record.lock.duration.ms", Long.toString(MAX_RECORD_LOCK_MS));
    p.put("group.consumer.min.heartbeat.interval.ms", "500");
    p.put("group.consumer.heartbeat.interval.ms", "500");
    p.put("group.share.min.heartbeat.interval.ms", "500");
    p.put("group.share.heartbeat.interval.ms", "1000");
    p.put("log.cleaner.dedupe.buffer.size", "16777216");
    p.put("num.partitions", "1");
    return p;
  }

  private static void format(Path config) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String clusterId = Uuid.randomUuid().toString();
    int code;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      code =
          StorageTool.execute(
              new String[] {"format", "-t", clusterId, "-c", config.toString()}, print);
    }
    if (code != 0) {
      throw new IllegalStateException(
          "formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  public String bootstrapServers() {
    return advertisedHost + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Creates every topic of {@link Topics#LAYOUT} (existing ones are kept) and configures the
   * trainers' share group: start from the earliest record, hold a record for the longest lock, and
   * let a trainer renew the lock of a run that trains longer (RENEW acknowledgements).
   */
  public void createLabTopics() {
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topics.TopicLayout layout : Topics.LAYOUT) {
        NewTopic topic = new NewTopic(layout.name(), layout.partitions(), (short) 1);
        topic.configs(configFor(layout.name()));
        topics.add(topic);
      }
      createIgnoringExisting(admin, topics);
      ConfigResource group =
          new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINER_SHARE_GROUP);
      Collection<AlterConfigOp> ops =
          List.of(
              new AlterConfigOp(
                  new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
              new AlterConfigOp(
                  new ConfigEntry(
                      "share.record.lock.duration.ms", Long.toString(MAX_RECORD_LOCK_MS)),
                  AlterConfigOp.OpType.SET),
              new AlterConfigOp(
                  new ConfigEntry("share.renew.acknowledge.enable", "true"),
                  AlterConfigOp.OpType.SET));
      admin.incrementalAlterConfigs(Map.of(group, ops)).all().get();
      awaitGroupConfig(admin, group);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not set up the lab's topics: " + e.getCause(), e);
    }
  }

  /** Group configs reach the broker through the metadata log: wait until they are in force. */
  private static void awaitGroupConfig(Admin admin, ConfigResource group)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      var entry =
          admin
              .describeConfigs(List.of(group))
              .all()
              .get()
              .get(group)
              .get("share.auto.offset.reset");
      if (entry != null && "earliest".equals(entry.value())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("share group config of " + group.name() + " not applied");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The lab's history (requests, states, every metric point) is kept without a time limit, so
   * services that rebuild their state from Kafka at start never come back with shorter curves.
   */
  static Map<String, String> configFor(String topic) {
    if (topic.equals(Topics.RUN_REQUESTS)
        || topic.equals(Topics.RUN_STATUS)
        || topic.equals(Topics.TRAINING_METRICS)
        || topic.equals(Topics.RUN_CONTROL)) {
      return Map.of("retention.ms", "-1", "compression.type", "producer");
    }
    return Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
  }

  private static void createIgnoringExisting(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing =
        topics.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
    try {
      admin.createTopics(missing).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
