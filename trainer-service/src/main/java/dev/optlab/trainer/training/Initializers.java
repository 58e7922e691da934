package dev.optlab.trainer.training;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * Weight initializers by spec name. DJL's Xavier draws from U(±sqrt(magnitude / factor)) or N(0,
 * sqrt(magnitude / factor)) with factor = fan_in (IN) or (fan_in + fan_out) / 2 (AVG).
 */
public final class Initializers {
  public static Initializer forName(String name, double normalStd) {
    return switch (name) {
      case "zeros" -> Initializer.ZEROS;
      case "normal" -> new NormalInitializer((float) normalStd);
      case "glorot_uniform" -> new XavierInitializer(RandomType.UNIFORM, FactorType.AVG, 3);
      case "glorot_normal" -> new XavierInitializer(RandomType.GAUSSIAN, FactorType.AVG, 1);
      case "he_normal" -> new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2);
      case "he_uniform" -> new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 6);
      default -> throw new IllegalArgumentException("unknown initializer " + name);
    };
  }

  private Initializers() {}
}
