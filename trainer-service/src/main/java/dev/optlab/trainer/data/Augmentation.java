package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.SplittableRandom;

/**
 * CIFAR's standard augmentation, on normalized CHW floats: a random 32x32 crop of the image padded
 * by 4 black pixels on each side, then a horizontal flip with probability 1/2. Written here because
 * DJL's flip does nothing on the PyTorch engine.
 */
public final class Augmentation {
  public static final int PADDING = 4;

  /** Augments one image in place; {@code black} holds each channel's normalized value of 0. */
  static void apply(float[] data, int offset, float[] black, SplittableRandom random) {
    int size = Cifar10.IMAGE_SIZE;
    int dx = random.nextInt(2 * PADDING + 1) - PADDING;
    int dy = random.nextInt(2 * PADDING + 1) - PADDING;
    boolean flip = random.nextBoolean();
    if (dx == 0 && dy == 0 && !flip) {
      return;
    }
    float[] plane = new float[size * size];
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      int base = offset + c * size * size;
      System.arraycopy(data, base, plane, 0, plane.length);
      for (int y = 0; y < size; y++) {
        int sourceY = y + dy;
        for (int x = 0; x < size; x++) {
          int sourceX = (flip ? size - 1 - x : x) + dx;
          boolean inside = sourceY >= 0 && sourceY < size && sourceX >= 0 && sourceX < size;
          data[base + y * size + x] = inside ? plane[sourceY * size + sourceX] : black[c];
        }
      }
    }
  }

  private Augmentation() {}
}
