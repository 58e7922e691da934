package dev.optlab.contracts;

import dev.optlab.contracts.spec.ExperimentSpec;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

final class SpecFixtures {
  static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

  static ExperimentSpec yaml(String text) {
    try {
      return Json.YAML.readValue(text, ExperimentSpec.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private SpecFixtures() {}
}
