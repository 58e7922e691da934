package dev.optlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.gateway.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InMemoryKafka.class)
class ExperimentResourceTest {
  @Inject @Any InMemoryConnector connector;

  private InMemorySink<String> requests() {
    return connector.sink(Channels.RUN_REQUESTS_OUT);
  }

  @BeforeEach
  void clear() {
    requests().clear();
  }

  @Test
  void validSpecQueuesOneKeyedRequestPerRunAndAnswers202() {
    String experimentId =
        given()
            .contentType("application/json")
            .body(
                "{\"name\":\"sweep\",\"base\":{\"optimizer\":{\"type\":\"adam\"}},"
                    + "\"grid\":{\"optimizer.learningRate\":[0.01,0.001,0.0001]}}")
            .when()
            .post("/api/experiments")
            .then()
            .statusCode(202)
            .body("runs", hasSize(3))
            .body("experimentId", startsWith("sweep-"))
            .body("links.grafana", startsWith("http://"))
            .extract()
            .path("experimentId");
    List<? extends Message<String>> sent = requests().received();
    assertEquals(3, sent.size());
    for (int i = 0; i < 3; i++) {
      RunRequested request = Json.read(sent.get(i).getPayload(), RunRequested.class);
      assertEquals(String.format("%s-r%02d", experimentId, i + 1), request.runId());
      assertEquals(List.of(0.01, 0.001, 0.0001).get(i), request.spec().optimizer().learningRate());
      String key =
          (String)
              sent.get(i).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey();
      assertEquals(request.runId(), key);
    }
    given()
        .get("/api/experiments/" + experimentId)
        .then()
        .statusCode(200)
        .body("runs.state", containsInAnyOrder("QUEUED", "QUEUED", "QUEUED"));
  }

  @Test
  void invalidSpecAnswers400WithEveryProblemAndQueuesNothing() {
    given()
        .contentType("application/json")
        .body(
            "{\"name\":\"bad\",\"base\":{\"optimizer\":{\"type\":\"lion\",\"learningRate\":-1},\"epochs\":0}}")
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body(
            "problems.field",
            containsInAnyOrder("optimizer.type", "optimizer.learningRate", "epochs"));
    assertEquals(0, requests().received().size());
  }

  @Test
  void anUnknownTopLevelFieldIsReportedWithTheOtherProblems() {
    given()
        .contentType("application/json")
        .body(
            "{\"name\":\"bad\",\"epochs\":3,\"base\":{\"optimizer\":{\"type\":\"sgd\"},\"epochs\":0}}")
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("problems.field", contains("epochs", "epochs"))
        .body("problems[0].message", startsWith("is not a known setting (an experiment has [name,"))
        .body("problems[1].message", equalTo("must be at least 1"));
    given()
        .contentType("application/yaml")
        .body(
            "name: fine\nbase:\n  optimizer: {type: sgd}\n  epochs: 1\noptimisers: [sgd]\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .body("problems.field", contains("optimisers"))
        .body("detail", equalTo("1 problem(s) in the spec; nothing was queued"));
    assertEquals(0, requests().received().size());
  }

  @Test
  void unreadableBodyIsAProblemToo() {
    given()
        .contentType("application/json")
        .body("{\"name\": ")
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("problems", hasSize(1));
    assertEquals(0, requests().received().size());
  }

  @Test
  void yamlSpecIsAccepted() {
    given()
        .contentType("application/yaml")
        .body(
            "name: yaml-one\nruns:\n  - {optimizer: {type: sgd}}\n  - {optimizer: {type: rmsprop}}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(202)
        .body("runs.label", containsInAnyOrder("sgd lr=0.01", "rmsprop lr=0.001"));
    assertEquals(2, requests().received().size());
  }

  @Test
  void seedRunsWithOverrides() {
    given()
        .contentType("application/json")
        .body("{\"epochs\":3,\"trainSize\":10000,\"valSize\":2000}")
        .when()
        .post("/api/experiments/seeds/optimizers")
        .then()
        .statusCode(202)
        .body("runs.label", containsInAnyOrder("SGD", "SGD+momentum", "RMSprop", "Adam"));
    RunRequested first = Json.read(requests().received().get(0).getPayload(), RunRequested.class);
    assertEquals(3, first.spec().epochs());
    assertEquals(10000, first.spec().trainSize());
    given().post("/api/experiments/seeds/unknown").then().statusCode(400);
  }

  @Test
  void runStatesFollowRunStatusEvents() {
    String experimentId =
        given()
            .contentType("application/json")
            .body("{\"name\":\"states\",\"base\":{\"optimizer\":{\"type\":\"adam\"}}}")
            .post("/api/experiments")
            .then()
            .statusCode(202)
            .extract()
            .path("experimentId");
    String runId = experimentId + "-r01";
    connector
        .source(Channels.RUN_STATUS_IN)
        .send(
            Json.write(
                RunStatusChanged.of(
                    runId, experimentId, RunState.RUNNING, "trainer-a", 2, 300L, "epoch 2")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/api/experiments/" + experimentId)
                    .then()
                    .body("runs[0].state", equalTo("RUNNING"))
                    .body("runs[0].trainerId", equalTo("trainer-a"))
                    .body("runs[0].step", equalTo(300)));
    given()
        .get("/api/experiments/nope")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void cancellingAnExperimentSendsOneCancelPerUnfinishedRun() {
    String experimentId =
        given()
            .contentType("application/json")
            .body(
                "{\"name\":\"stop\",\"runs\":[{\"optimizer\":{\"type\":\"sgd\"}},{\"optimizer\":{\"type\":\"adam\"}}]}")
            .post("/api/experiments")
            .then()
            .statusCode(202)
            .extract()
            .path("experimentId");
    connector
        .source(Channels.RUN_STATUS_IN)
        .send(
            Json.write(
                RunStatusChanged.of(
                    experimentId + "-r01", experimentId, RunState.COMPLETED, "t", 1, 10L, "done")));
    InMemorySink<String> control = connector.sink(Channels.RUN_CONTROL_OUT);
    control.clear();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                given()
                    .get("/api/experiments/" + experimentId)
                    .then()
                    .body("runs[0].state", equalTo("COMPLETED")));
    given()
        .post("/api/experiments/" + experimentId + "/cancel?reason=enough")
        .then()
        .statusCode(202)
        .body("cancelling", equalTo(List.of(experimentId + "-r02")));
    assertEquals(1, control.received().size());
    var cancel =
        Json.read(
            control.received().get(0).getPayload(), dev.optlab.contracts.events.CancelRun.class);
    assertEquals(experimentId + "-r02", cancel.runId());
    assertEquals("enough", cancel.reason());
    given().post("/api/runs/nope/cancel").then().statusCode(404);
  }
}
