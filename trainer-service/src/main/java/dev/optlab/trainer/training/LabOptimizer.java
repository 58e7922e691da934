package dev.optlab.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import dev.optlab.contracts.spec.OptimizerSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The lab's optimizers, written with NDArray ops after PyTorch's documented update rules (DJL's
 * PyTorch engine lacks RMSprop, Nesterov and Adagrad and keeps optimizer state private). The
 * learning rate of the next update is set by the training loop; state is per parameter.
 */
public abstract class LabOptimizer extends Optimizer {
  protected final OptimizerSpec spec;
  private final Map<String, Integer> updates = new HashMap<>();
  protected final Map<String, NDArray> state = new HashMap<>();
  private float learningRate;

  protected LabOptimizer(OptimizerSpec spec) {
    super(new Builder());
    this.spec = spec;
    this.learningRate = spec.learningRate().floatValue();
  }

  public static LabOptimizer forSpec(OptimizerSpec spec) {
    return switch (spec.type()) {
      case "sgd" -> new SgdOptimizer(spec);
      case "rmsprop" -> new RmsPropOptimizer(spec);
      case "adam" -> new AdamOptimizer(spec, false);
      case "adamw" -> new AdamOptimizer(spec, true);
      case "adagrad" -> new AdagradOptimizer(spec);
      default -> throw new IllegalArgumentException("unknown optimizer " + spec.type());
    };
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = (float) learningRate;
  }

  public float learningRate() {
    return learningRate;
  }

  @Override
  public final void update(String parameterId, NDArray weight, NDArray grad) {
    applyAndClear(parameterId, weight, grad);
  }

  /** The state by parameter name ("name.slot"), for a checkpoint. */
  public Map<String, byte[]> encodeState(Map<String, String> nameById) {
    Map<String, byte[]> encoded = new java.util.TreeMap<>();
    state.forEach(
        (key, array) -> {
          int dot = key.lastIndexOf('.');
          encoded.put(nameById.get(key.substring(0, dot)) + key.substring(dot), array.encode());
        });
    return encoded;
  }

  public Map<String, Integer> updateCounts(Map<String, String> nameById) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    updates.forEach((id, count) -> counts.put(nameById.get(id), count));
    return counts;
  }

  /** Restores {@link #encodeState} and {@link #updateCounts} onto this model's parameters. */
  public void restore(
      Map<String, byte[]> encoded,
      Map<String, Integer> counts,
      Map<String, ai.djl.nn.Parameter> parametersByName) {
    encoded.forEach(
        (key, bytes) -> {
          int dot = key.lastIndexOf('.');
          ai.djl.nn.Parameter parameter = parametersByName.get(key.substring(0, dot));
          NDArray array = NDArray.decode(parameter.getArray().getManager(), bytes);
          state.put(parameter.getId() + key.substring(dot), array);
        });
    counts.forEach((name, count) -> updates.put(parametersByName.get(name).getId(), count));
  }

  /** Updates {@code weight} in place; {@code t} counts this parameter's updates from 1. */
  protected abstract void apply(String id, NDArray weight, NDArray grad, int t);

  protected NDArray slot(String id, String name, NDArray like) {
    return state.computeIfAbsent(
        id + "." + name,
        k -> {
          NDArray zeros = like.zerosLike();
          NDScope.unregister(zeros);
          return zeros;
        });
  }

  /**
   * The gradient plus L2 weight decay (PyTorch's {@code weight_decay}): a new array, or {@code
   * grad} itself when there is no decay (callers only read it; the update's scope frees copies).
   */
  protected NDArray decayed(NDArray weight, NDArray grad) {
    float decay = spec.weightDecay().floatValue();
    return decay == 0 ? grad : grad.add(weight.mul(decay));
  }

  /**
   * Updates every parameter from its own gradient and clears it. Replaces {@code Trainer.step()},
   * whose parameter server first duplicates each gradient (a copy per parameter per step that a
   * single-device trainer does not need).
   */
  public void step(java.util.List<ai.djl.nn.Parameter> parameters) {
    for (ai.djl.nn.Parameter parameter : parameters) {
      NDArray weight = parameter.getArray();
      applyAndClear(parameter.getId(), weight, weight.getGradient());
    }
  }

  /**
   * One update of one parameter, then its accumulated gradient cleared: DJL's native optimizers
   * zero the weight's own gradient inside their kernels (and DJL hands optimizers a copy), so ours
   * must clear it here or gradients accumulate. The scope frees every temporary of the update;
   * state slots are unregistered from it.
   */
  private void applyAndClear(String parameterId, NDArray weight, NDArray grad) {
    int t = updates.merge(parameterId, 1, Integer::sum);
    try (NDScope scope = new NDScope()) {
      apply(parameterId, weight, grad, t);
      NDArray accumulated = weight.getGradient();
      accumulated.subi(accumulated);
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
