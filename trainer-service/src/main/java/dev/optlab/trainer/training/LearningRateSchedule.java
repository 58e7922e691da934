package dev.optlab.trainer.training;

import dev.optlab.contracts.spec.ScheduleSpec;

/**
 * The learning rate at an update, in closed form. {@code update} counts optimizer updates from 1;
 * {@code epoch} counts finished epochs. A linear warm-up over {@code warmupSteps} updates rises to
 * the base rate; the decay then counts from the end of the warm-up.
 */
public final class LearningRateSchedule {
  private final double baseRate;
  private final ScheduleSpec spec;
  private final long totalUpdates;
  private final int stepsPerEpoch;
  private final int epochs;

  public LearningRateSchedule(double baseRate, ScheduleSpec spec, int stepsPerEpoch, int epochs) {
    this.baseRate = baseRate;
    this.spec = spec;
    this.stepsPerEpoch = stepsPerEpoch;
    this.epochs = epochs;
    this.totalUpdates = (long) stepsPerEpoch * epochs;
  }

  public double rateAt(long update, int epoch) {
    int warmup = spec.warmupSteps();
    if (warmup > 0 && update <= warmup) {
      return baseRate * update / warmup;
    }
    boolean perEpoch = "epoch".equals(spec.unit());
    double elapsed = perEpoch ? epoch : update - warmup;
    double total = perEpoch ? epochs : totalUpdates - warmup;
    return switch (spec.type()) {
      case "constant" -> baseRate;
      case "step" -> baseRate * Math.pow(spec.gamma(), Math.floor(elapsed / spec.stepSize()));
      case "exponential" -> baseRate * Math.pow(spec.gamma(), elapsed / spec.stepSize());
      case "cosine" -> {
        double progress = total <= 0 ? 1 : Math.min(1, elapsed / total);
        double min = spec.minLearningRate();
        yield min + (baseRate - min) * (1 + Math.cos(Math.PI * progress)) / 2;
      }
      default -> throw new IllegalArgumentException("unknown schedule " + spec.type());
    };
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }
}
