package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import dev.optlab.contracts.spec.OptimizerSpec;

/** PyTorch's Adagrad (no lr decay, initial accumulator 0): s += g²; w -= lr·g/(sqrt(s) + ε). */
final class AdagradOptimizer extends LabOptimizer {
  AdagradOptimizer(OptimizerSpec spec) {
    super(spec);
  }

  @Override
  protected void apply(String id, NDArray weight, NDArray grad, int t) {
    float eps = spec.eps().floatValue();
    {
      NDArray g = decayed(weight, grad);
      NDArray sum = slot(id, "sum", weight);
      try (NDArray square = g.square()) {
        sum.addi(square);
      }
      try (NDArray denominator = sum.sqrt().addi(eps);
          NDArray step = g.div(denominator)) {
        weight.subi(step.muli(learningRate()));
      }
    }
  }
}
