package dev.optlab.contracts;

import static dev.optlab.contracts.SpecFixtures.VALIDATOR;
import static dev.optlab.contracts.SpecFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.InvalidSpecException;
import dev.optlab.contracts.spec.PlannedRun;
import dev.optlab.contracts.spec.Problem;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentPlannerTest {
  private final ExperimentPlanner planner = new ExperimentPlanner(VALIDATOR);

  private List<Problem> problemsOf(String spec) {
    return assertThrows(InvalidSpecException.class, () -> planner.plan(yaml(spec))).problems();
  }

  @Test
  void validSpecResolvesDefaults() {
    List<PlannedRun> runs = planner.plan(yaml("name: one\nbase: {optimizer: {type: adam}}"));
    assertEquals(1, runs.size());
    var spec = runs.get(0).spec();
    assertEquals(0.001, spec.optimizer().learningRate());
    assertEquals(20, spec.epochs());
    assertEquals(64, spec.batchSize());
    assertEquals("glorot_uniform", spec.init());
    assertEquals(0.9, spec.optimizer().beta1());
    assertEquals("constant", spec.schedule().type());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<Problem> problems =
        problemsOf("name: bad\nbase: {optimizer: {type: lion, learningRate: -0.1}, epochs: 0}");
    var fields = problems.stream().map(Problem::field).collect(Collectors.toSet());
    assertEquals(
        java.util.Set.of("optimizer.type", "optimizer.learningRate", "epochs"),
        fields,
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.message().contains("unknown optimizer 'lion'")));
  }

  @Test
  void aMistypedSettingIsOneProblemNotAlsoAMissingOne() {
    List<Problem> problems =
        problemsOf("name: typo\nbase: {optimizer: {type: sgd, learningRate: fast}, epochs: 0}");
    assertEquals(
        List.of(
            new Problem("optimizer.learningRate", "'fast' is not a valid double"),
            new Problem("epochs", "must be at least 1")),
        problems);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "optimizer: {type: adam, learningRate: 0}|optimizer.learningRate|greater than 0",
        "optimizer: {type: sgd, momentum: 1.5}|optimizer.momentum|less than 1",
        "optimizer: {type: adam, beta2: -0.1}|optimizer.beta2|greater than or equal to 0",
        "optimizer: {type: adam, eps: 0}|optimizer.eps|greater than 0",
        "optimizer: {type: adam, weightDecay: -1}|optimizer.weightDecay|greater than or equal to 0",
        "{optimizer: {type: adam}, schedule: {type: wavy}}|schedule.type|unknown schedule 'wavy'",
        "{optimizer: {type: adam}, schedule: {unit: hour}}|schedule.unit|'step' or 'epoch'",
        "{optimizer: {type: adam}, schedule: {gamma: 0}}|schedule.gamma|greater than 0",
        "{optimizer: {type: adam}, init: glorious}|init|unknown initializer 'glorious'",
        "{optimizer: {type: adam}, initStd: 0}|initStd|greater than 0",
        "{optimizer: {type: adam}, dropout: 1.0}|dropout|less than 1",
        "{optimizer: {type: adam}, clipping: {type: norm}}|clipping.threshold|needs a threshold",
        "{optimizer: {type: adam}, clipping: {type: both, threshold: 1}}|clipping.type|none, norm or value",
        "{optimizer: {type: adam}, clipping: {type: value, threshold: -1}}|clipping.threshold|greater than 0",
        "{optimizer: {type: adam}, batchSize: 0}|batchSize|at least 1",
        "{optimizer: {type: adam}, trainSize: 5}|trainSize|at least 10",
        "{optimizer: {type: adam}, valSize: 20000}|valSize|less than or equal to 10000",
        "{optimizer: {type: adam}, dataset: mnist}|dataset|unknown dataset 'mnist'",
        "{optimizer: {type: adam}, epochs: many}|epochs|not a valid",
        "{optimizer: {type: adam}, optimiser: {}}|optimiser|not a known setting",
        "{epochs: 2}|optimizer.type|must not be null",
      })
  void eachRuleReportsItsField(String base, String field, String messagePart) {
    String body = base.startsWith("{") ? base : "{" + base + "}";
    List<Problem> problems = problemsOf("name: rule\nbase: " + body);
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.field().equals(field) && p.message().contains(messagePart)),
        () -> "expected " + field + " ~ '" + messagePart + "' in " + problems);
  }

  @Test
  void experimentNameIsChecked() {
    List<Problem> problems = problemsOf("name: Bad Name\nbase: {optimizer: {type: adam}}");
    assertEquals("name", problems.get(0).field());
  }

  @Test
  void problemOfOneRunNamesTheRun() {
    List<Problem> problems =
        problemsOf(
            "name: x\nruns:\n  - {optimizer: {type: adam}}\n  - {label: broken, optimizer: {type: sgd, learningRate: -1}}");
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("runs[1] (broken).optimizer.learningRate", problems.get(0).field());
  }

  @Test
  void unknownGridKeyIsAProblem() {
    List<Problem> problems =
        problemsOf("name: x\nbase: {optimizer: {type: adam}}\ngrid: {optimizer.speed: [1, 2]}");
    assertEquals("grid.optimizer.speed", problems.get(0).field());
  }
}
