package dev.optlab.contracts;

import static dev.optlab.contracts.SpecFixtures.VALIDATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.PlannedRun;
import dev.optlab.contracts.spec.SeedExperiments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedExperimentsTest {
  private final ExperimentPlanner planner = new ExperimentPlanner(VALIDATOR);

  @Test
  void everySeedPlansIntoTheRunsTheSeedAsksFor() {
    Map<String, Integer> expectedRuns =
        Map.of(
            "optimizers",
            4,
            "adam-lr",
            3,
            "schedules",
            4,
            "init",
            3,
            "batchnorm",
            2,
            "clipping",
            3);
    for (String name : SeedExperiments.NAMES) {
      List<PlannedRun> runs = planner.plan(SeedExperiments.named(name).orElseThrow());
      assertEquals(expectedRuns.get(name), runs.size(), name);
      runs.forEach(r -> assertEquals(20, r.spec().epochs(), name));
      runs.forEach(r -> assertEquals(50000, r.spec().trainSize(), name));
    }
  }

  @Test
  void optimizersSeedHasTheSeedsSettings() {
    List<PlannedRun> runs = planner.plan(SeedExperiments.named("optimizers").orElseThrow());
    assertEquals("sgd", runs.get(0).spec().optimizer().type());
    assertEquals(0.0, runs.get(0).spec().optimizer().momentum());
    assertEquals(0.9, runs.get(1).spec().optimizer().momentum());
    assertEquals("rmsprop", runs.get(2).spec().optimizer().type());
    assertEquals(0.001, runs.get(3).spec().optimizer().learningRate());
    assertTrue(SeedExperiments.named("nope").isEmpty());
  }
}
