package dev.optlab.contracts;

import static dev.optlab.contracts.SpecFixtures.VALIDATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.events.CancelRun;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.contracts.spec.SeedExperiments;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {
  private static final RunSpec SPEC =
      new ExperimentPlanner(VALIDATOR)
          .plan(SeedExperiments.named("clipping").orElseThrow())
          .get(1)
          .spec();

  private static <T> void roundTrip(T value, Class<T> type) {
    String json = Json.write(value);
    assertEquals(value, Json.read(json, type), json);
  }

  @Test
  void runRequested() {
    roundTrip(
        RunRequested.of("exp-1", "exp-1-r01", SPEC, Instant.parse("2026-11-26T07:00:00Z")),
        RunRequested.class);
    assertTrue(
        Json.write(RunRequested.of("e", "r", SPEC, Instant.EPOCH)).contains("\"schemaVersion\":1"));
  }

  @Test
  void runStatusChanged() {
    roundTrip(
        RunStatusChanged.of("r", "e", RunState.RUNNING, "trainer-1", 2, 300L, "epoch 2"),
        RunStatusChanged.class);
  }

  @Test
  void metricEvents() {
    roundTrip(
        MetricEvent.train(
            "r",
            "e",
            12,
            1,
            2.25,
            0.125,
            0.001,
            3.5,
            812.5,
            64,
            java.util.Map.of("01Conv2d_weight", 0.5)),
        MetricEvent.class);
    roundTrip(MetricEvent.validation("r", "e", 157, 1, 1.9, 0.31, 0.001), MetricEvent.class);
  }

  @Test
  void cancelRun() {
    roundTrip(CancelRun.of("r", "user asked"), CancelRun.class);
  }

  @Test
  void experimentSpecFromJsonAndYamlAgree() throws Exception {
    String yaml =
        "name: a\nbase: {optimizer: {type: adam}}\ngrid: {optimizer.learningRate: [0.1, 0.01]}\n";
    ExperimentSpec fromYaml = Json.YAML.readValue(yaml, ExperimentSpec.class);
    ExperimentSpec fromJson = Json.MAPPER.readValue(Json.write(fromYaml), ExperimentSpec.class);
    assertEquals(fromYaml, fromJson);
  }

  @Test
  void malformedRecordsNameTheProblem() {
    var notJson =
        assertThrows(MalformedRecordException.class, () -> Json.read("{oops", MetricEvent.class));
    assertTrue(notJson.getMessage().startsWith("not a valid MetricEvent"), notJson.getMessage());
    var missing =
        assertThrows(
            MalformedRecordException.class,
            () -> Json.read("{\"schemaVersion\":1,\"reason\":\"r\"}", CancelRun.class));
    assertEquals("CancelRun lacks required field 'runId'", missing.getMessage());
    assertTrue(
        missing.getMessage().contains("schemaVersion") || missing.getMessage().contains("runId"),
        missing.getMessage());
    var version =
        assertThrows(
            MalformedRecordException.class,
            () -> Json.read("{\"schemaVersion\":9,\"runId\":\"r\"}", CancelRun.class));
    assertEquals("CancelRun has unsupported schemaVersion 9", version.getMessage());
  }
}
