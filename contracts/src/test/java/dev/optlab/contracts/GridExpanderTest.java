package dev.optlab.contracts;

import static dev.optlab.contracts.SpecFixtures.VALIDATOR;
import static dev.optlab.contracts.SpecFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.PlannedRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridExpanderTest {
  private final ExperimentPlanner planner = new ExperimentPlanner(VALIDATOR);

  @Test
  void runsCrossGridInSpecOrder() {
    List<PlannedRun> runs =
        planner.plan(
            yaml(
                """
                name: cross
                base: {epochs: 3, optimizer: {type: adam}}
                runs:
                  - {label: plain}
                  - {label: bn, batchNorm: true}
                grid:
                  optimizer.learningRate: [0.01, 0.001]
                  init: [zeros, he_normal]
                """));
    assertEquals(8, runs.size());
    assertEquals("plain lr=0.01 init=zeros", runs.get(0).label());
    assertEquals("plain lr=0.01 init=he_normal", runs.get(1).label());
    assertEquals("plain lr=0.001 init=zeros", runs.get(2).label());
    assertEquals("bn lr=0.001 init=he_normal", runs.get(7).label());
    assertEquals(0.001, runs.get(7).spec().optimizer().learningRate());
    assertEquals("he_normal", runs.get(7).spec().init());
    assertEquals(true, runs.get(7).spec().batchNorm());
    assertEquals(false, runs.get(0).spec().batchNorm());
    runs.forEach(r -> assertEquals(3, r.spec().epochs()));
  }

  @Test
  void runOverridesMergeDeeplyOverBase() {
    List<PlannedRun> runs =
        planner.plan(
            yaml(
                """
                name: deep
                base: {optimizer: {type: sgd, learningRate: 0.1, momentum: 0.9}}
                runs:
                  - {optimizer: {nesterov: true}}
                """));
    var optimizer = runs.get(0).spec().optimizer();
    assertEquals(0.1, optimizer.learningRate());
    assertEquals(0.9, optimizer.momentum());
    assertEquals(true, optimizer.nesterov());
    assertEquals("sgd lr=0.1", runs.get(0).label());
  }

  @Test
  void learningRateDefaultsPerOptimizer() {
    List<PlannedRun> runs =
        planner.plan(
            yaml("name: d\nruns: [{optimizer: {type: sgd}}, {optimizer: {type: rmsprop}}]"));
    assertEquals(0.01, runs.get(0).spec().optimizer().learningRate());
    assertEquals(0.001, runs.get(1).spec().optimizer().learningRate());
  }
}
