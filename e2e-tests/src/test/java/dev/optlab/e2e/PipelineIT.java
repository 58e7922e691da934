package dev.optlab.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.optlab.broker.KraftBroker;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.Topics;
import dev.optlab.contracts.dataset.SyntheticCifar;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real path: a spec posted to the gateway becomes records on {@code run-requests}, the trainer
 * takes them from the share group, trains on generated CIFAR-format data fetched from
 * dataset-service, and metrics-service exposes the steps on {@code /q/metrics}. A real KRaft broker
 * runs in this JVM; the services run as separate JVMs from their packaged jars.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  @TempDir static Path work;
  static KraftBroker broker;
  static LabProcesses lab;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The experiment trained by the pipeline test, inspected by the later tests. */
  static String experimentId;

  static List<String> runIds;

  @BeforeAll
  static void startLab() throws Exception {
    broker = KraftBroker.start(work.resolve("kafka"), 0, 0);
    broker.createLabTopics();
    Path cifar = work.resolve("cifar");
    SyntheticCifar.writeBatchFiles(cifar, 100, 100, 7);
    lab = new LabProcesses(work);
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
            "LAB_DATASET_DIR", work.resolve("datasets").toString(),
            "LAB_CACHE_DIR", work.resolve("cache").toString(),
            "DJL_OFFLINE", "true",
            "OPT_OUT_TRACKING", "true");
    var dataset =
        lab.start(
            "dataset-service",
            Map.of(
                "LAB_CIFAR10_SOURCE",
                cifar.toString(),
                "LAB_DATASET_DIR",
                work.resolve("datasets").toString()),
            List.of("-Xmx256m", "-Ddataset.require-official-checksums=false"));
    var metrics = lab.start("metrics-service", env, List.of("-Xmx192m"));
    var gatewayEnv = new java.util.HashMap<>(env);
    gatewayEnv.put("METRICS_URL", metrics.url());
    lab.start("api-gateway", gatewayEnv, List.of("-Xmx192m"));
    var trainerEnv = new java.util.HashMap<>(env);
    trainerEnv.put("DATASET_URL", dataset.url());
    trainerEnv.put("MALLOC_ARENA_MAX", "2");
    lab.start(
        "trainer-service",
        trainerEnv,
        List.of(
            "-Xmx384m",
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dtrainer.id=it-trainer",
            "-Dtrainer.layer-norms-every=5"));
    lab.awaitLive(Duration.ofSeconds(120));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get(dataset.url() + "/q/health/ready").statusCode() == 200);
  }

  @AfterAll
  static void stopLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void invalidSpecIsRejectedWithEveryProblemAndQueuesNothing() throws Exception {
    long before = endOffsetSum(Topics.RUN_REQUESTS);
    HttpResponse<String> response =
        post(
            lab.get("api-gateway").url() + "/api/experiments",
            "application/json",
            "{\"name\":\"bad\",\"base\":{\"optimizer\":{\"type\":\"lion\",\"learningRate\":-0.1},\"epochs\":0}}");
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"));
    JsonNode problem = Json.MAPPER.readTree(response.body());
    Set<String> fields = new java.util.TreeSet<>();
    problem.path("problems").forEach(p -> fields.add(p.path("field").asText()));
    assertEquals(
        Set.of("epochs", "optimizer.learningRate", "optimizer.type"), fields, response.body());
    Thread.sleep(1000);
    assertEquals(before, endOffsetSum(Topics.RUN_REQUESTS), "an invalid spec must queue nothing");
  }

  @Test
  @Order(2)
  void malformedRunRequestIsDeadLetteredAndTheTrainerGoesOn() throws Exception {
    produce(Topics.RUN_REQUESTS, "garbage-run", "{not json");
    List<ConsumerRecord<String, String>> dead =
        readAll(Topics.RUN_REQUESTS_DLQ, 1, Duration.ofSeconds(60));
    assertEquals("garbage-run", dead.get(0).key());
    String reason =
        new String(
            dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.startsWith("not a valid RunRequested"), reason);
  }

  @Test
  @Order(3)
  void postedSpecIsTrainedAndItsStepsReachPrometheusMetrics() throws Exception {
    String spec =
        """
        {"name": "e2e", "base": {"epochs": 2, "batchSize": 40, "trainSize": 400, "valSize": 100},
         "runs": [{"label": "sgd", "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9}},
                  {"label": "adam", "optimizer": {"type": "adam"}}]}
        """;
    HttpResponse<String> response =
        post(lab.get("api-gateway").url() + "/api/experiments", "application/json", spec);
    assertEquals(202, response.statusCode(), response.body());
    JsonNode accepted = Json.MAPPER.readTree(response.body());
    experimentId = accepted.path("experimentId").asText();
    runIds = new ArrayList<>();
    accepted.path("runs").forEach(r -> runIds.add(r.path("runId").asText()));
    assertEquals(2, runIds.size());

    List<ConsumerRecord<String, String>> requests =
        readAll(Topics.RUN_REQUESTS, 3, Duration.ofSeconds(30)).stream()
            .filter(r -> runIds.contains(r.key()))
            .toList();
    assertEquals(
        Set.copyOf(runIds), requests.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
    RunRequested first = Json.read(requests.get(0).value(), RunRequested.class);
    assertEquals(experimentId, first.experimentId());
    assertEquals(400, first.spec().trainSize());

    String gateway = lab.get("api-gateway").url();
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode experiment =
                  Json.MAPPER.readTree(get(gateway + "/api/experiments/" + experimentId).body());
              List<String> states = new ArrayList<>();
              experiment.path("runs").forEach(r -> states.add(r.path("state").asText()));
              assertEquals(List.of("COMPLETED", "COMPLETED"), states, experiment.toString());
            });

    String metricsUrl = lab.get("metrics-service").url();
    int stepsPerRun = 2 * (400 / 40);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String scrape = get(metricsUrl + "/q/metrics").body();
              for (String runId : runIds) {
                assertEquals(
                    stepsPerRun, sample(scrape, "optlab_train_steps_total", runId), 0.0, runId);
                assertEquals(
                    stepsPerRun * 40,
                    sample(scrape, "optlab_train_samples_total", runId),
                    0.0,
                    runId);
                double validationAccuracy =
                    sample(scrape, "optlab_validation_accuracy_ratio", runId);
                assertTrue(
                    validationAccuracy >= 0 && validationAccuracy <= 1,
                    "accuracy " + validationAccuracy);
              }
              assertTrue(scrape.contains("optlab_run_info{"), "run info for legends");
            });

    JsonNode curves =
        Json.MAPPER.readTree(get(metricsUrl + "/api/runs/" + runIds.get(1) + "/metrics").body());
    assertEquals(stepsPerRun, curves.path("train").size());
    assertEquals(2, curves.path("validation").size());
    assertEquals(stepsPerRun, curves.path("validation").get(1).path("step").asInt());
    double firstLoss = curves.path("train").get(0).path("loss").asDouble();
    double lastValidationLoss = curves.path("validation").get(1).path("loss").asDouble();
    assertTrue(
        lastValidationLoss < firstLoss,
        "Adam must learn the fixture: " + firstLoss + " -> " + lastValidationLoss);

    // The comparison UI reads the same curves through the gateway.
    JsonNode viaGateway = Json.MAPPER.readTree(get(gateway + "/api/curves/" + experimentId).body());
    Map<String, Integer> trainPoints = new java.util.HashMap<>();
    viaGateway
        .path("byStep")
        .forEach(r -> trainPoints.put(r.path("runId").asText(), r.path("train").size()));
    assertEquals(Map.of(runIds.get(0), stepsPerRun, runIds.get(1), stepsPerRun), trainPoints);
    String page = get(gateway + "/").body();
    assertTrue(page.contains("<script type=\"module\" src=\"app.js\">"), page);
  }

  @Test
  @Order(4)
  void malformedMetricEventIsDeadLetteredWithItsReason() throws Exception {
    produce(Topics.TRAINING_METRICS, "broken-run", "{\"schemaVersion\":1}");
    List<ConsumerRecord<String, String>> dead =
        readAll(Topics.TRAINING_METRICS_DLQ, 1, Duration.ofSeconds(60));
    String reason =
        new String(
            dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    assertTrue(reason.startsWith("not a valid MetricEvent"), reason);
    String scrape = get(lab.get("metrics-service").url() + "/q/metrics").body();
    assertTrue(
        scrape.matches(
            "(?s).*optlab_dead_letters_total\\{[^}]*topic=\"training-metrics\"[^}]*} 1\\.0.*"),
        scrape);

    produce(Topics.RUN_STATUS, "broken-run", "{\"schemaVersion\":1,\"runId\":\"broken-run\"}");
    List<ConsumerRecord<String, String>> deadStatus =
        readAll(Topics.RUN_STATUS_DLQ, 1, Duration.ofSeconds(60));
    String statusReason =
        new String(
            deadStatus.get(0).headers().lastHeader("dead-letter-reason").value(),
            StandardCharsets.UTF_8);
    assertTrue(statusReason.contains("RunStatusChanged lacks required field"), statusReason);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertTrue(
                    get(lab.get("metrics-service").url() + "/q/metrics")
                        .body()
                        .matches(
                            "(?s).*optlab_dead_letters_total\\{[^}]*topic=\"run-status\"[^}]*} [1-9].*")));
  }

  @Test
  @Order(5)
  void everyDashboardPanelReturnsDataFromARealPrometheus() throws Exception {
    List<Path> dashboards = DashboardQueries.dashboards();
    assertEquals(3, dashboards.size(), "comparison, run detail and lab health");
    assertEquals(List.of(), DashboardQueries.problems(dashboards));

    Path prometheusBinary = findOnPath("prometheus");
    int port = KraftBroker.freePort();
    StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
    for (String service :
        List.of("api-gateway", "trainer-service", "metrics-service", "dataset-service")) {
      config
          .append("  - job_name: ")
          .append(service)
          .append("\n    metrics_path: /q/metrics\n")
          .append("    static_configs:\n      - targets: ['127.0.0.1:")
          .append(lab.get(service).port())
          .append("']\n");
    }
    Path configFile = work.resolve("prometheus.yml");
    java.nio.file.Files.writeString(configFile, config);
    Process prometheus =
        new ProcessBuilder(
                prometheusBinary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    try {
      String api = "http://127.0.0.1:" + port + "/api/v1/";
      await()
          // Micrometer binds Kafka's per-partition lag gauges on its periodic refresh (~1 min).
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  !query(api, "optlab_train_steps_total{experiment=\"" + experimentId + "\"}")
                          .isEmpty()
                      && !query(api, "rate(optlab_events_consumed_total[30s])").isEmpty()
                      && !query(
                              api,
                              "kafka_consumer_fetch_manager_records_lag{topic=\"training-metrics\"}")
                          .isEmpty());
      Thread.sleep(3000); // a few more scrapes, so every rate has two samples in its window

      for (String variableQuery : DashboardQueries.variableQueries(dashboards)) {
        Matcher m =
            Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)")
                .matcher(variableQuery.replace("$experiment", experimentId));
        assertTrue(m.matches(), variableQuery);
        String url =
            api
                + "label/"
                + m.group(2)
                + "/values?match[]="
                + java.net.URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        JsonNode values = Json.MAPPER.readTree(get(url).body()).path("data");
        assertTrue(values.size() > 0, "variable query " + variableQuery + " has no values");
      }
      Map<String, String> variables =
          Map.of(
              "experiment",
              experimentId,
              "run",
              runIds.get(1),
              "__rate_interval",
              "30s",
              "__interval",
              "5s");
      List<String> empty = new ArrayList<>();
      for (DashboardQueries.Query q : DashboardQueries.queries(dashboards, variables)) {
        if (query(api, q.expr()).isEmpty()) {
          empty.add(q.dashboard() + " / " + q.panel() + ": " + q.expr());
        }
      }
      assertEquals(List.of(), empty, "every panel must show data after a real run");
      // the comparison panels with run=~"All" too
      for (DashboardQueries.Query q :
          DashboardQueries.queries(
              dashboards,
              Map.of("experiment", experimentId, "run", ".*", "__rate_interval", "30s"))) {
        if (q.dashboard().equals("optlab-comparison")) {
          assertEquals(2, query(api, q.expr()).size(), q.panel() + " shows both runs");
        }
      }
    } finally {
      prometheus.destroy();
    }
  }

  @Test
  @Order(6)
  void restartedMetricsServiceRebuildsEveryCurveFromKafka() throws Exception {
    String url = lab.get("metrics-service").url() + "/api/runs/" + runIds.get(0) + "/metrics";
    JsonNode before = Json.MAPPER.readTree(get(url).body());
    long events = endOffsetSum(Topics.TRAINING_METRICS);
    var restarted = lab.restart("metrics-service");
    lab.awaitLive(Duration.ofSeconds(60));
    // Readiness waits for the rebuild: once ready, the curves are complete at the first request.
    // Until then the experiment's curves say they are incomplete (the UI shows it): a response
    // that does not must be followed by a ready service, as the rebuild never goes backwards.
    String curvesUrl = restarted.url() + "/api/experiments/" + experimentId + "/metrics";
    List<String> rebuildingSeen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode curves = Json.MAPPER.readTree(get(curvesUrl).body());
              boolean ready = get(restarted.url() + "/q/health/ready").statusCode() == 200;
              if (curves.path("rebuilding").isNull()) {
                assertTrue(ready, "curves claimed complete while the rebuild was not done");
              } else {
                rebuildingSeen.add(curves.path("rebuilding").asText());
              }
              return ready;
            });
    assertTrue(
        Json.MAPPER.readTree(get(curvesUrl).body()).path("rebuilding").isNull(),
        "complete once ready");
    rebuildingSeen.forEach(
        message -> assertTrue(message.contains(Topics.TRAINING_METRICS + " consumed "), message));
    HttpResponse<String> response =
        get(restarted.url() + "/api/runs/" + runIds.get(0) + "/metrics");
    assertEquals(200, response.statusCode());
    JsonNode after = Json.MAPPER.readTree(response.body());
    assertEquals(before.path("train").size(), after.path("train").size());
    assertEquals(before.path("validation").size(), after.path("validation").size());
    assertEquals(
        before.path("train").get(5).path("loss").asDouble(),
        after.path("train").get(5).path("loss").asDouble());
    assertEquals("COMPLETED", after.path("summary").path("state").asText());
    JsonNode rebuilt = null;
    for (JsonNode check :
        Json.MAPPER.readTree(get(restarted.url() + "/q/health/ready").body()).path("checks")) {
      if (check.path("name").asText().equals("curves-rebuilt")) {
        rebuilt = check;
      }
    }
    assertTrue(rebuilt != null, "a curves-rebuilt readiness check");
    assertEquals(
        "consumed " + events + " of " + events,
        rebuilt.path("data").path(Topics.TRAINING_METRICS).asText(),
        "every training-metrics event there was at the restart");
  }

  @Test
  @Order(7)
  void restartedGatewayRebuildsRunStatesAndSaysSoUntilDone() throws Exception {
    String before = get(lab.get("api-gateway").url() + "/api/experiments/" + experimentId).body();
    JsonNode states = Json.MAPPER.readTree(before).path("runs");
    var restarted = lab.restart("api-gateway");
    lab.awaitLive(Duration.ofSeconds(60));
    // Until the gateway has read back run-requests and run-status, the experiment is either not
    // known yet (503, not 404) or known with "rebuilding" set; one without it must come from a
    // ready gateway, with the states it had before the restart.
    String experimentUrl = restarted.url() + "/api/experiments/" + experimentId;
    List<String> rebuildingSeen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              HttpResponse<String> response = get(experimentUrl);
              boolean ready = get(restarted.url() + "/q/health/ready").statusCode() == 200;
              JsonNode body = Json.MAPPER.readTree(response.body());
              if (response.statusCode() == 503) {
                assertEquals("urn:optlab:problem:rebuilding", body.path("type").asText());
                rebuildingSeen.add(body.path("detail").asText());
              } else {
                assertEquals(200, response.statusCode(), response.body());
                if (body.path("rebuilding").isNull()) {
                  assertTrue(ready, "run states claimed complete while the rebuild was not done");
                  assertEquals(states, body.path("runs"), "the states from before the restart");
                } else {
                  rebuildingSeen.add(body.path("rebuilding").asText());
                }
              }
              return ready;
            });
    JsonNode after = Json.MAPPER.readTree(get(experimentUrl).body());
    assertTrue(after.path("rebuilding").isNull(), "complete once ready: " + after);
    assertEquals(states, after.path("runs"));
    after.path("runs").forEach(run -> assertEquals("COMPLETED", run.path("state").asText()));
    assertEquals(200, get(restarted.url() + "/api/experiments").statusCode());
    rebuildingSeen.forEach(
        message ->
            assertTrue(message.startsWith("rebuilding run states after a restart"), message));
  }

  @Test
  @Order(8)
  void twoTrainersShareTheQueueAndAKilledTrainersRunIsFinishedByTheOther() throws Exception {
    var first = lab.get("trainer-service");
    var second = startExtraTrainer("trainer-2");
    lab.awaitLive(Duration.ofSeconds(120));
    String spec =
        """
        {"name": "queue", "base": {"optimizer": {"type": "sgd", "momentum": 0.9}, "epochs": 40, "batchSize": 20,
          "trainSize": 400, "valSize": 50},
         "grid": {"seed": [1, 2, 3, 4]}}
        """;
    HttpResponse<String> response =
        post(lab.get("api-gateway").url() + "/api/experiments", "application/json", spec);
    assertEquals(202, response.statusCode(), response.body());
    String queue = Json.MAPPER.readTree(response.body()).path("experimentId").asText();
    String view = lab.get("api-gateway").url() + "/api/experiments/" + queue;

    // Both trainers busy within seconds: one run each, the other two queued.
    long submitted = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Set<String> busy = new java.util.HashSet<>();
              runs(view)
                  .forEach(
                      r -> {
                        if (Set.of("STARTED", "RUNNING").contains(r.path("state").asText())) {
                          busy.add(r.path("trainerId").asText());
                        }
                      });
              assertEquals(Set.of("it-trainer", "it-trainer-2"), busy);
            });
    double bothBusySeconds = (System.nanoTime() - submitted) / 1e9;
    assertTrue(bothBusySeconds < 20, "both trainers busy after " + bothBusySeconds + " s");

    // kill -9 the second trainer mid-run: its run must be finished by the first.
    String orphan = null;
    for (JsonNode run : runs(view)) {
      if (run.path("trainerId").asText().equals("it-trainer-2")
          && !run.path("state").asText().equals("COMPLETED")) {
        orphan = run.path("runId").asText();
      }
    }
    assertTrue(orphan != null, "the second trainer holds a run");
    second.process().destroyForcibly().waitFor();
    lab.forget("trainer-2");
    String killedRun = orphan;
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode runs = runs(view);
              List<String> states = new ArrayList<>();
              runs.forEach(r -> states.add(r.path("state").asText()));
              assertEquals(
                  List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"),
                  states,
                  runs.toString());
              runs.forEach(
                  r -> {
                    if (r.path("runId").asText().equals(killedRun)) {
                      assertEquals(
                          "it-trainer",
                          r.path("trainerId").asText(),
                          "the survivor finished the orphaned run");
                    }
                  });
            });
    assertTrue(first.process().isAlive());
  }

  @Test
  @Order(9)
  void aStoppedTrainerReleasesItsRunAndAnotherResumesItFromTheCheckpoint() throws Exception {
    var third = startExtraTrainer("trainer-3");
    lab.awaitLive(Duration.ofSeconds(120));
    int epochs = 40; // long enough (several seconds) that the SIGTERM lands mid-run
    int stepsPerEpoch = 400 / 20;
    String spec =
        """
        {"name": "release", "base": {"optimizer": {"type": "sgd", "momentum": 0.9}, "epochs": %d,
          "batchSize": 20, "trainSize": 400, "valSize": 50},
         "grid": {"seed": [1, 2]}}
        """
            .formatted(epochs);
    HttpResponse<String> response =
        post(lab.get("api-gateway").url() + "/api/experiments", "application/json", spec);
    assertEquals(202, response.statusCode(), response.body());
    String view =
        lab.get("api-gateway").url()
            + "/api/experiments/"
            + Json.MAPPER.readTree(response.body()).path("experimentId").asText();

    // The third trainer's run, once it has finished (and checkpointed) an epoch.
    String[] held = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (JsonNode run : runs(view)) {
                if (run.path("trainerId").asText().equals("it-trainer-3")
                    && run.path("message").asText().startsWith("epoch ")) {
                  held[0] = run.path("runId").asText();
                }
              }
              assertTrue(held[0] != null, "the third trainer is past its first epoch");
            });
    String released = held[0];
    long stopped = System.nanoTime();
    third.process().destroy(); // SIGTERM, as Kubernetes and docker stop send
    assertTrue(third.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    lab.forget("trainer-3");
    double stopSeconds = (System.nanoTime() - stopped) / 1e9;

    List<String> messages = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (JsonNode run : runs(view)) {
                if (run.path("runId").asText().equals(released)) {
                  String message = run.path("state").asText() + " " + run.path("message").asText();
                  if (messages.isEmpty() || !messages.get(messages.size() - 1).equals(message)) {
                    messages.add(message);
                  }
                  assertEquals("COMPLETED", run.path("state").asText(), messages.toString());
                  assertEquals("it-trainer", run.path("trainerId").asText());
                }
              }
            });
    assertTrue(stopSeconds < 30, "the stopping trainer exited after " + stopSeconds + " s");
    JsonNode curves =
        Json.MAPPER.readTree(
            get(lab.get("metrics-service").url() + "/api/runs/" + released + "/metrics").body());
    assertEquals(epochs * stepsPerEpoch, curves.path("train").size(), "one point per step");
    List<RunStatusChanged> history =
        readAll(Topics.RUN_STATUS, (int) endOffsetSum(Topics.RUN_STATUS), Duration.ofSeconds(20))
            .stream()
            .filter(r -> released.equals(r.key()))
            .map(r -> Json.read(r.value(), RunStatusChanged.class))
            .toList();
    // The run view may never show QUEUED (the other trainer takes the run at once): the status
    // history on Kafka has every transition.
    RunStatusChanged queued =
        history.stream()
            .filter(h -> h.state() == RunState.QUEUED && h.trainerId().equals("it-trainer-3"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no QUEUED release in " + history + messages));
    assertTrue(queued.message().startsWith("released by it-trainer-3 at step "), queued.message());
    String resumedAt = "resumed from the checkpoint at step " + queued.step() + " (epoch ";
    assertTrue(
        history.stream()
            .anyMatch(
                h ->
                    h.trainerId().equals("it-trainer")
                        && h.message() != null
                        && h.message().startsWith(resumedAt)),
        "the other trainer continues at the released step: " + history);
  }

  @Test
  @Order(10)
  void aRunLongerThanTheRecordLockKeepsItsTrainerByRenewingTheLock() throws Exception {
    // Trainers renewing every 4 s, against a 15 s lock (the broker's minimum): a run of a minute
    // or more stays with one trainer only if every renewal works. (Measured control: with a 600 s
    // renewal interval the same run was started twice, by both trainers.)
    var veteran = lab.get("trainer-service");
    veteran.process().destroy();
    assertTrue(veteran.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    lab.forget("trainer-service");
    ConfigResource group =
        new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINER_SHARE_GROUP);
    setRecordLock(group, 15_000);
    try {
      for (String name : List.of("trainer-4", "trainer-5")) {
        startExtraTrainer(name, "-Dtrainer.lock-renew-interval=4s");
      }
      lab.awaitLive(Duration.ofSeconds(120));
      String spec =
          """
          {"name": "long", "base": {"optimizer": {"type": "sgd", "momentum": 0.9}, "epochs": 250,
            "batchSize": 20, "trainSize": 400, "valSize": 50}}
          """;
      HttpResponse<String> response =
          post(lab.get("api-gateway").url() + "/api/experiments", "application/json", spec);
      assertEquals(202, response.statusCode(), response.body());
      String runId =
          Json.MAPPER.readTree(response.body()).path("runs").get(0).path("runId").asText();
      String view =
          lab.get("api-gateway").url()
              + "/api/experiments/"
              + Json.MAPPER.readTree(response.body()).path("experimentId").asText();
      await()
          .atMost(Duration.ofSeconds(600))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertEquals("COMPLETED", runs(view).get(0).path("state").asText()));
      List<RunStatusChanged> history =
          readAll(Topics.RUN_STATUS, (int) endOffsetSum(Topics.RUN_STATUS), Duration.ofSeconds(20))
              .stream()
              .filter(r -> runId.equals(r.key()))
              .map(r -> Json.read(r.value(), RunStatusChanged.class))
              .toList();
      List<RunStatusChanged> starts =
          history.stream().filter(h -> h.state() == RunState.STARTED).toList();
      assertEquals(1, starts.size(), "started once, never redelivered: " + starts);
      RunStatusChanged done = history.get(history.size() - 1);
      assertEquals(starts.get(0).trainerId(), done.trainerId());
      Matcher seconds = Pattern.compile("in ([0-9.]+) s").matcher(done.message());
      assertTrue(seconds.find(), done.message());
      assertTrue(
          Double.parseDouble(seconds.group(1)) > 30,
          "the run must outlast two 15 s locks to prove the renewal: " + done.message());
    } finally {
      setRecordLock(group, KraftBroker.MAX_RECORD_LOCK_MS);
    }
  }

  /** Another trainer-service JVM in the same group, named {@code it-<name>} in run states. */
  private static LabProcesses.Service startExtraTrainer(String name, String... options)
      throws Exception {
    List<String> jvm =
        new ArrayList<>(
            List.of(
                "-Xmx384m",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dtrainer.id=it-" + name));
    jvm.addAll(List.of(options));
    return lab.start(
        name, "trainer-service", new java.util.HashMap<>(lab.env("trainer-service")), jvm);
  }

  private static void setRecordLock(ConfigResource group, long millis) throws Exception {
    try (var admin = broker.admin()) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  group,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.record.lock.duration.ms", Long.toString(millis)),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Long.toString(millis)
                      .equals(
                          admin
                              .describeConfigs(List.of(group))
                              .all()
                              .get()
                              .get(group)
                              .get("share.record.lock.duration.ms")
                              .value()));
    }
  }

  private static List<JsonNode> query(String api, String promql) throws Exception {
    HttpResponse<String> response =
        get(api + "query?query=" + java.net.URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertEquals("success", body.path("status").asText(), promql + " -> " + response.body());
    List<JsonNode> result = new ArrayList<>();
    body.path("data").path("result").forEach(result::add);
    return result;
  }

  private static Path findOnPath(String binary) {
    for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (java.nio.file.Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        binary
            + " is not installed: apt-get install --no-install-recommends prometheus (.ci/run does)");
  }

  private static double sample(String scrape, String metric, String runId) {
    Matcher m =
        Pattern.compile(
                "(?m)^" + metric + "\\{[^}]*run=\"" + Pattern.quote(runId) + "\"[^}]*} (\\S+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The runs of an experiment, as the gateway's experiment view shows them now. */
  private static JsonNode runs(String view) throws Exception {
    return Json.MAPPER.readTree(get(view).body()).path("runs");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String type, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void produce(String topic, String key, String value) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static long endOffsetSum(String topic) {
    try (var consumer = consumer()) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static List<ConsumerRecord<String, String>> readAll(
      String topic, int atLeast, Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = consumer()) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    assertTrue(
        records.size() >= atLeast,
        "expected " + atLeast + " record(s) on " + topic + ", got " + records.size());
    return records;
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
