package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.optlab.contracts.spec.ClippingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the loop does with gradients between backward and the update: norms and clipping. */
final class Gradients {
  /** Each parameter's gradient array (shared storage: changing it changes the gradient). */
  static List<NDArray> of(List<Parameter> parameters) {
    List<NDArray> gradients = new ArrayList<>(parameters.size());
    for (Parameter parameter : parameters) {
      gradients.add(parameter.getArray().getGradient());
    }
    return gradients;
  }

  /** The L2 norm of each trainable parameter's gradient, by parameter name. */
  static Map<String, Double> layerNorms(Map<String, Parameter> byName) {
    Map<String, Double> norms = new LinkedHashMap<>();
    byName.forEach(
        (name, parameter) -> {
          if (parameter.requiresGradient()) {
            norms.put(name, (double) parameter.getArray().getGradient().norm().getFloat());
          }
        });
    return norms;
  }

  /** The L2 norm over every gradient element of the model, read back once. */
  static double globalNorm(List<NDArray> gradients) {
    NDArray sum = null;
    for (NDArray gradient : gradients) {
      NDArray squares = gradient.square().sum();
      sum = sum == null ? squares : sum.addi(squares);
    }
    return sum == null ? 0 : Math.sqrt(sum.getFloat());
  }

  /** Clips in place: the gradient arrays share storage with the parameters' gradients. */
  static void clip(List<NDArray> gradients, double globalNorm, ClippingSpec clipping) {
    switch (clipping.type()) {
      case "norm" -> {
        double cap = clipping.threshold();
        if (globalNorm > cap) {
          float factor = (float) (cap / (globalNorm + 1e-6));
          gradients.forEach(g -> g.muli(factor));
        }
      }
      case "value" -> {
        float bound = clipping.threshold().floatValue();
        for (NDArray gradient : gradients) {
          NDArray clipped = gradient.clip(-bound, bound);
          gradient.subi(gradient).addi(clipped);
        }
      }
      default -> {}
    }
  }

  private Gradients() {}
}
