package dev.optlab.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.metrics.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InMemoryKafka.class)
class CurvesTest {
  @Inject @Any InMemoryConnector connector;

  @TestHTTPResource("/api/experiments/exp-live/stream")
  URL stream;

  private void send(MetricEvent event) {
    connector.source(Channels.TRAINING_METRICS_IN).send(java.util.List.of(Json.write(event)));
  }

  private static MetricEvent train(
      String run, String experiment, long step, double loss, Map<String, Double> layers) {
    return MetricEvent.train(run, experiment, step, 1, loss, 0.5, 0.01, 2.0, 1000, 64, layers);
  }

  @Test
  void aResumedAttemptReplacesTheAbandonedAttemptsPoints() {
    String run = "exp-r-r01";
    for (int step = 1; step <= 20; step++) {
      send(train(run, "exp-r", step, 3.0, null));
    }
    for (int step = 11; step <= 20; step++) {
      send(train(run, "exp-r", step, 1.0, null)); // the resumed attempt redoes steps 11-20
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/api/runs/" + run + "/metrics")
                    .then()
                    .body("train", hasSize(20))
                    .body("train[10].loss", equalTo(1.0f))
                    .body("train[9].loss", equalTo(3.0f))
                    .body("rawTrainPoints", equalTo(20)));
  }

  @Test
  void downsamplingKeepsTheExtremesAndReportsTheRawCount() {
    String run = "exp-d-r01";
    for (int step = 1; step <= 400; step++) {
      double loss = step == 123 ? 50.0 : step == 321 ? 0.001 : 2.0 + (step % 7) * 0.01;
      send(train(run, "exp-d", step, loss, null));
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/api/runs/" + run + "/metrics?maxPoints=40&phase=TRAIN")
                    .then()
                    .body("rawTrainPoints", equalTo(400))
                    .body("train.size()", equalTo(40))
                    .body("train.find { it.step == 123 }.loss", equalTo(50.0f))
                    .body("train.find { it.step == 321 }.loss", equalTo(0.001f))
                    .body("validation", hasSize(0)));
  }

  @Test
  void layerNormsAndRunStatesBecomeGauges() {
    send(
        train(
            "exp-l-r01",
            "exp-l",
            1,
            2.0,
            Map.of("01Conv2d_weight", 0.25, "05Linear_weight", 0.75)));
    connector
        .source(Channels.RUN_STATUS_IN)
        .send(
            Json.write(
                RunStatusChanged.of(
                    "exp-l-r01", "exp-l", RunState.RUNNING, "t", 1, 1L, "training")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              String scrape = given().get("/q/metrics").then().extract().asString();
              assertTrue(
                  scrape.contains(
                      "optlab_layer_gradient_norm{experiment=\"exp-l\",layer=\"05Linear_weight\",run=\"exp-l-r01\"} 0.75"),
                  scrape);
              assertTrue(
                  scrape.matches("(?s).*optlab_runs\\{state=\"RUNNING\"} [1-9].*"),
                  "runs by state");
            });
  }

  @Test
  void theStreamPushesNewPointsOfItsExperimentOnly() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<String> firstEvent = new CompletableFuture<>();
    http.sendAsync(
            HttpRequest.newBuilder(stream.toURI()).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(
            response -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(response.body()))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  if (line.startsWith("data:")) {
                    firstEvent.complete(line.substring(5).trim());
                    return;
                  }
                }
              } catch (Exception e) {
                firstEvent.completeExceptionally(e);
              }
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              send(train("other-r01", "other", 1, 9.0, null));
              send(train("exp-live-r01", "exp-live", 7, 1.5, null));
              return firstEvent.isDone();
            });
    var point = Json.MAPPER.readTree(firstEvent.get());
    assertEquals("exp-live-r01", point.path("runId").asText());
    assertEquals(7, point.path("step").asInt());
    assertEquals(1.5, point.path("loss").asDouble());
  }

  @Test
  void experimentCurvesAreAlignedByEpoch() {
    for (int step = 1; step <= 4; step++) {
      send(
          MetricEvent.train(
              "exp-e-r01",
              "exp-e",
              step,
              step <= 2 ? 1 : 2,
              step,
              0.1 * step,
              0.01,
              1,
              1,
              8,
              null));
    }
    send(MetricEvent.validation("exp-e-r01", "exp-e", 2, 1, 0.5, 0.6, 0.01));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/api/experiments/exp-e/metrics")
                    .then()
                    .body("byEpoch[0].epochs", hasSize(2))
                    .body("byEpoch[0].epochs[0].trainLoss", equalTo(1.5f))
                    .body("byEpoch[0].epochs[0].validationAccuracy", equalTo(0.6f))
                    .body("byEpoch[0].epochs[1].validationAccuracy", equalTo(null))
                    .body("byStep[0].train", hasSize(4))
                    // %test does not wait for a replay: nothing to rebuild, the curves are whole
                    .body("rebuilding", equalTo(null)));
  }
}
