package dev.optlab.contracts.spec;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * An optimizer and its hyper-parameters, in PyTorch's documented form. {@code type} is one of
 * {@link #TYPES}; {@code momentum} applies to sgd and rmsprop, {@code nesterov} to sgd, {@code
 * beta1}/{@code beta2} to adam and adamw, {@code alpha} (smoothing) and {@code centered} to
 * rmsprop.
 */
public record OptimizerSpec(
    @NotNull
        @Pattern(
            regexp = "sgd|rmsprop|adam|adamw|adagrad",
            message = "unknown optimizer '${validatedValue}'; expected one of " + TYPES)
        String type,
    @NotNull @Positive(message = "must be greater than 0") Double learningRate,
    @NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double momentum,
    @NotNull Boolean nesterov,
    @NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double beta1,
    @NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double beta2,
    @NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double alpha,
    @NotNull @Positive Double eps,
    @NotNull Boolean centered,
    @NotNull @PositiveOrZero Double weightDecay) {

  public static final String TYPES = "sgd, rmsprop, adam, adamw, adagrad";

  /** Keras' default learning rate of each optimizer (the seed's framework). */
  public static Double defaultLearningRate(String type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "sgd", "adagrad" -> 0.01;
      case "rmsprop", "adam", "adamw" -> 0.001;
      default -> null;
    };
  }

  /** A short human name: "SGD+momentum 0.9", "Adam", "RMSprop". */
  public String displayName() {
    return switch (type) {
      case "sgd" -> momentum > 0 ? (nesterov ? "Nesterov " : "SGD+momentum ") + momentum : "SGD";
      case "rmsprop" -> "RMSprop";
      case "adam" -> "Adam";
      case "adamw" -> "AdamW";
      case "adagrad" -> "Adagrad";
      default -> type;
    };
  }
}
