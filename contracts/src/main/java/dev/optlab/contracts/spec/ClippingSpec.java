package dev.optlab.contracts.spec;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** Gradient clipping: {@code none}, {@code norm} (global L2 norm) or {@code value} (±threshold). */
public record ClippingSpec(
    @NotNull @Pattern(regexp = "none|norm|value", message = "must be none, norm or value")
        String type,
    @Positive Double threshold) {

  @AssertTrue(message = "clipping by norm or value needs a threshold")
  boolean isThresholdGiven() {
    return "none".equals(type) || threshold != null;
  }

  public String describe() {
    return "none".equals(type) ? "none" : type + " " + threshold;
  }
}
