package dev.optlab.trainer.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The seed's CNN: Conv2D(32, 3x3) → [BN] → ReLU → MaxPool 2x2 → Conv2D(64, 3x3) → [BN] → ReLU →
 * MaxPool 2x2 → Flatten → Dropout → Dense(10). Valid (no) padding, as Keras' default.
 */
public final class SeedCnn {
  public static SequentialBlock build(boolean batchNorm, double dropout) {
    SequentialBlock block = new SequentialBlock();
    addConv(block, 32, batchNorm);
    addConv(block, 64, batchNorm);
    block.add(Blocks.batchFlattenBlock());
    if (dropout > 0) {
      block.add(Dropout.builder().optRate((float) dropout).build());
    }
    block.add(Linear.builder().setUnits(10).build());
    return block;
  }

  private static void addConv(SequentialBlock block, int filters, boolean batchNorm) {
    block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters).build());
    if (batchNorm) {
      block.add(BatchNorm.builder().build());
    }
    block.add(Activation.reluBlock());
    block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
  }

  private SeedCnn() {}
}
