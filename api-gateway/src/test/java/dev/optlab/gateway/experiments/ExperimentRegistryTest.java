package dev.optlab.gateway.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.RunSpec;
import jakarta.validation.Validation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentRegistryTest {
  private static final RunSpec SPEC =
      new ExperimentPlanner(Validation.buildDefaultValidatorFactory().getValidator())
          .plan(
              Json.read(
                  "{\"name\":\"a\",\"base\":{\"optimizer\":{\"type\":\"adam\"}}}",
                  ExperimentSpec.class))
          .get(0)
          .spec();

  private static RunRequested run(String experiment, String runId) {
    return RunRequested.of(experiment, runId, SPEC, Instant.EPOCH);
  }

  @Test
  void runsThatWereNeverQueuedAreForgottenAndAnEmptyExperimentWithThem() {
    ExperimentRegistry registry = new ExperimentRegistry();
    List.of("a-r01", "a-r02", "a-r03").forEach(id -> registry.requested(run("a", id)));
    registry.requested(run("b", "b-r01"));

    registry.forget("a", List.of("a-r02", "a-r03"));
    registry.forget("b", List.of("b-r01"));

    assertEquals(
        List.of("a-r01"),
        registry.find("a").orElseThrow().runs().stream()
            .map(ExperimentView.RunView::runId)
            .toList());
    assertTrue(registry.find("b").isEmpty());
    assertEquals(List.of("a"), registry.all().stream().map(ExperimentView::experimentId).toList());
  }
}
