package dev.optlab.contracts.spec;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Everything one run needs, fully resolved (defaults applied). {@code trainSize} images are drawn
 * stratified by {@code seed} from the training split, {@code valSize} from the official test split,
 * or, with {@code validationFrom: train}, from the training split, disjoint from the training
 * images.
 */
public record RunSpec(
    @NotBlank String label,
    @NotNull @Pattern(regexp = "cifar10", message = "unknown dataset '${validatedValue}'")
        String dataset,
    @NotNull @Valid OptimizerSpec optimizer,
    @NotNull @Valid ScheduleSpec schedule,
    @NotNull
        @Pattern(
            regexp = "zeros|normal|glorot_uniform|glorot_normal|he_normal|he_uniform",
            message =
                "unknown initializer '${validatedValue}'; expected zeros, normal, glorot_uniform,"
                    + " glorot_normal, he_normal or he_uniform")
        String init,
    @NotNull @Positive Double initStd,
    @NotNull Boolean batchNorm,
    @NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double dropout,
    @NotNull @Valid ClippingSpec clipping,
    @NotNull @Min(value = 1, message = "must be at least 1") @Max(1000) Integer epochs,
    @NotNull @Min(value = 1, message = "must be at least 1") @Max(4096) Integer batchSize,
    @NotNull Long seed,
    @NotNull @Min(value = 10, message = "must be at least 10") @Max(50000) Integer trainSize,
    @NotNull @Min(value = 10, message = "must be at least 10") @Max(10000) Integer valSize,
    @NotNull @Pattern(regexp = "test|train", message = "must be 'test' or 'train'")
        String validationFrom,
    @NotNull Boolean augment) {

  /** The legend of a run: "Adam lr=0.001 init=glorot_uniform bn=false". */
  public String summary() {
    return optimizer.displayName()
        + " lr="
        + optimizer.learningRate()
        + " init="
        + init
        + " bn="
        + batchNorm
        + " clip="
        + clipping.describe()
        + " schedule="
        + schedule.describe();
  }
}
