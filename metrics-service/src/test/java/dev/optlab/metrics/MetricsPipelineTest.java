package dev.optlab.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.SeedExperiments;
import dev.optlab.metrics.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InMemoryKafka.class)
class MetricsPipelineTest {
  @Inject @Any InMemoryConnector connector;
  @Inject Validator validator;

  private void metric(MetricEvent event) {
    InMemorySource<java.util.List<String>> source = connector.source(Channels.TRAINING_METRICS_IN);
    source.send(java.util.List.of(Json.write(event)));
  }

  private static MetricEvent train(String run, long step, double loss) {
    return MetricEvent.train(run, "exp-m", step, 1, loss, 0.25, 0.001, 1.5, 900, 64, null);
  }

  private static double sample(String metric, String runId) {
    String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^" + metric + "\\{[^}]*run=\"" + runId + "\"[^}]*} (\\S+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void stepsAreCountedOnceAndGaugesShowTheLatestValues() {
    String run = "exp-m-r01";
    var request =
        new ExperimentPlanner(validator)
            .plan(SeedExperiments.named("optimizers").orElseThrow())
            .get(3);
    connector
        .source(Channels.RUN_REQUESTS_IN)
        .send(Json.write(RunRequested.of("exp-m", run, request.spec(), Instant.now())));
    metric(train(run, 1, 2.30));
    metric(train(run, 2, 2.10));
    metric(train(run, 2, 2.10)); // redelivered: must not count twice
    metric(train(run, 3, 1.90));
    metric(MetricEvent.validation(run, "exp-m", 3, 1, 1.95, 0.31, 0.001));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertEquals(3.0, sample("optlab_train_steps_total", run));
              assertEquals(192.0, sample("optlab_train_samples_total", run));
              assertEquals(1.90, sample("optlab_train_loss", run), 1e-9);
              assertEquals(0.31, sample("optlab_validation_accuracy_ratio", run), 1e-9);
              assertEquals(1.0, sample("optlab_run_info", run));
            });
    given()
        .get("/api/runs/" + run + "/metrics")
        .then()
        .statusCode(200)
        .body("train", hasSize(3))
        .body("train.step", equalTo(java.util.List.of(1, 2, 3)))
        .body("validation", hasSize(1))
        .body("label", equalTo("Adam"));
    given()
        .get("/api/runs/" + run + "/metrics?fromStep=2&toStep=2")
        .then()
        .body("train", hasSize(1));
    given().get("/api/runs/nope/metrics").then().statusCode(404);
  }

  @Test
  void finishedRunsLeavePrometheusButKeepTheirCurves() {
    String run = "exp-m-r02";
    metric(train(run, 1, 2.2));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sample("optlab_train_steps_total", run) == 1.0);
    connector
        .source(Channels.RUN_STATUS_IN)
        .send(
            Json.write(RunStatusChanged.of(run, "exp-m", RunState.COMPLETED, "t", 1, 1L, "done")));
    // %test retires series 2 s after the end
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String scrape = given().get("/q/metrics").then().extract().asString();
              assertFalse(
                  scrape.contains("run=\"" + run + "\""), "series of a finished run must leave");
            });
    given()
        .get("/api/runs/" + run + "/metrics")
        .then()
        .statusCode(200)
        .body("train", hasSize(1))
        .body("summary.state", equalTo("COMPLETED"));
  }

  @Test
  void malformedEventIsCountedAsDeadLetterAndConsumptionGoesOn() {
    long consumedBefore = stat("consumed");
    long deadBefore = stat("deadLettered");
    metric(train("exp-m-r03", 1, 2.0));
    connector.source(Channels.TRAINING_METRICS_IN).send(java.util.List.of("{not json"));
    metric(train("exp-m-r03", 2, 1.8));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertEquals(2.0, sample("optlab_train_steps_total", "exp-m-r03"));
              String scrape = given().get("/q/metrics").then().extract().asString();
              assertTrue(
                  scrape.matches(
                      "(?s).*optlab_dead_letters_total\\{[^}]*topic=\"training-metrics\"[^}]*} [1-9].*"),
                  scrape);
              // the same counts, on the small stats page
              assertEquals(consumedBefore + 2, stat("consumed"));
              assertEquals(deadBefore + 1, stat("deadLettered"));
            });
  }

  private static long stat(String kind) {
    Long count =
        given()
            .get("/api/stats")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getObject(kind + ".training-metrics", Long.class);
    return count == null ? 0 : count;
  }
}
