package dev.optlab.trainer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.RunSpec;
import jakarta.validation.Validation;
import java.util.List;

/** Resolved run specs for tests, written as the YAML a user would write. */
public final class RunSpecs {
  private static final ExperimentPlanner PLANNER =
      new ExperimentPlanner(Validation.buildDefaultValidatorFactory().getValidator());

  public static RunSpec of(String baseYaml) {
    try {
      ObjectNode base = (ObjectNode) Json.YAML.readTree(baseYaml);
      return PLANNER.plan(new ExperimentSpec("test", null, base, List.of(), null)).get(0).spec();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private RunSpecs() {}
}
