package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import dev.optlab.contracts.spec.OptimizerSpec;

/**
 * PyTorch's Adam (L2 weight decay added to the gradient) and AdamW (decoupled: w *= 1 - lr·λ): m =
 * β₁m + (1-β₁)g; v = β₂v + (1-β₂)g²; w -= lr·(m/(1-β₁ᵗ)) / (sqrt(v/(1-β₂ᵗ)) + ε).
 */
final class AdamOptimizer extends LabOptimizer {
  private final boolean decoupledDecay;

  AdamOptimizer(OptimizerSpec spec, boolean decoupledDecay) {
    super(spec);
    this.decoupledDecay = decoupledDecay;
  }

  @Override
  protected void apply(String id, NDArray weight, NDArray grad, int t) {
    float beta1 = spec.beta1().floatValue();
    float beta2 = spec.beta2().floatValue();
    float eps = spec.eps().floatValue();
    float lr = learningRate();
    float decay = spec.weightDecay().floatValue();
    if (decoupledDecay && decay != 0) {
      weight.muli(1 - lr * decay);
    }
    {
      NDArray g = decoupledDecay ? grad : decayed(weight, grad);
      NDArray m = slot(id, "exp_avg", weight);
      NDArray v = slot(id, "exp_avg_sq", weight);
      try (NDArray part = g.mul(1 - beta1)) {
        m.muli(beta1).addi(part);
      }
      try (NDArray part = g.square().muli(1 - beta2)) {
        v.muli(beta2).addi(part);
      }
      double biasCorrection1 = 1 - Math.pow(beta1, t);
      double biasCorrection2 = 1 - Math.pow(beta2, t);
      try (NDArray denominator = v.sqrt().divi((float) Math.sqrt(biasCorrection2)).addi(eps);
          NDArray step = m.div(denominator)) {
        weight.subi(step.muli((float) (lr / biasCorrection1)));
      }
    }
  }
}
