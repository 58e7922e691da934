package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import dev.optlab.contracts.spec.OptimizerSpec;

/**
 * PyTorch's RMSprop: v = αv + (1-α)g²; centered: ḡ = αḡ + (1-α)g, v̂ = v - ḡ²; d = sqrt(v̂) + ε;
 * with momentum b = μb + g/d, w -= lr·b; else w -= lr·g/d.
 */
final class RmsPropOptimizer extends LabOptimizer {
  RmsPropOptimizer(OptimizerSpec spec) {
    super(spec);
  }

  @Override
  protected void apply(String id, NDArray weight, NDArray grad, int t) {
    float alpha = spec.alpha().floatValue();
    float eps = spec.eps().floatValue();
    float momentum = spec.momentum().floatValue();
    {
      NDArray g = decayed(weight, grad);
      NDArray squareAverage = slot(id, "square_avg", weight);
      try (NDArray square = g.square()) {
        squareAverage.muli(alpha).addi(square.muli(1 - alpha));
      }
      NDArray denominator;
      if (spec.centered()) {
        NDArray gradAverage = slot(id, "grad_avg", weight);
        try (NDArray part = g.mul(1 - alpha)) {
          gradAverage.muli(alpha).addi(part);
        }
        try (NDArray centered = squareAverage.sub(gradAverage.square())) {
          denominator = centered.sqrt().addi(eps);
        }
      } else {
        denominator = squareAverage.sqrt().addi(eps);
      }
      try (denominator;
          NDArray scaled = g.div(denominator)) {
        if (momentum > 0) {
          NDArray buffer = slot(id, "momentum", weight);
          buffer.muli(momentum).addi(scaled);
          try (NDArray step = buffer.mul(learningRate())) {
            weight.subi(step);
          }
        } else {
          weight.subi(scaled.muli(learningRate()));
        }
      }
    }
  }
}
