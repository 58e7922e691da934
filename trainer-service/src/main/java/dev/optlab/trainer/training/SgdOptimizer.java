package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import dev.optlab.contracts.spec.OptimizerSpec;

/** PyTorch's SGD: b = μb + g (b₁ = g); g = g + μb (Nesterov) or b; w -= lr·g. */
final class SgdOptimizer extends LabOptimizer {
  SgdOptimizer(OptimizerSpec spec) {
    super(spec);
  }

  @Override
  protected void apply(String id, NDArray weight, NDArray grad, int t) {
    float momentum = spec.momentum().floatValue();
    {
      NDArray g = decayed(weight, grad);
      if (momentum == 0) {
        try (NDArray step = g.mul(learningRate())) {
          weight.subi(step);
        }
        return;
      }
      NDArray buffer = slot(id, "momentum", weight);
      if (t == 1) {
        buffer.addi(g);
      } else {
        buffer.muli(momentum).addi(g);
      }
      if (spec.nesterov()) {
        try (NDArray step = g.add(buffer.mul(momentum))) {
          weight.subi(step.muli(learningRate()));
        }
      } else {
        try (NDArray step = buffer.mul(learningRate())) {
          weight.subi(step);
        }
      }
    }
  }
}
