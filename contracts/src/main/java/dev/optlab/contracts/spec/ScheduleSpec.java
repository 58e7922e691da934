package dev.optlab.contracts.spec;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A learning-rate schedule: {@code constant}; {@code step} (multiply by {@code gamma} every {@code
 * stepSize} units); {@code exponential} (multiply by {@code gamma}^(t / {@code stepSize})); {@code
 * cosine} (from the base rate to {@code minLearningRate} over the whole run). {@code unit} says
 * whether t counts optimizer updates ({@code step}) or finished epochs ({@code epoch}). An optional
 * linear warm-up over {@code warmupSteps} updates comes first.
 */
public record ScheduleSpec(
    @NotNull
        @Pattern(
            regexp = "constant|step|exponential|cosine",
            message =
                "unknown schedule '${validatedValue}'; expected constant, step, exponential or cosine")
        String type,
    @NotNull @Pattern(regexp = "step|epoch", message = "must be 'step' or 'epoch'") String unit,
    @NotNull @Positive Integer stepSize,
    @NotNull @Positive Double gamma,
    @NotNull @PositiveOrZero Double minLearningRate,
    @NotNull @PositiveOrZero Integer warmupSteps) {

  public String describe() {
    String base =
        switch (type) {
          case "step" -> "step x" + gamma + "/" + stepSize + " " + unit + "s";
          case "exponential" -> "exp x" + gamma + "/" + stepSize + " " + unit + "s";
          default -> type;
        };
    return warmupSteps > 0 ? "warmup " + warmupSteps + " + " + base : base;
  }
}
