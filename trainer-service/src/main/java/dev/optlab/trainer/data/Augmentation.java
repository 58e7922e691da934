package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CIFAR's standard augmentation, on normalized HWC floats: a random 32x32 crop of the image padded
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
    int channels = Cifar10.CHANNELS;
    float[] image = Arrays.copyOfRange(data, offset, offset + Cifar10.IMAGE_BYTES);
    for (int y = 0; y < size; y++) {
      int sourceY = y + dy;
      for (int x = 0; x < size; x++) {
        int sourceX = (flip ? size - 1 - x : x) + dx;
        int target = offset + (y * size + x) * channels;
        if (sourceY >= 0 && sourceY < size && sourceX >= 0 && sourceX < size) {
          System.arraycopy(image, (sourceY * size + sourceX) * channels, data, target, channels);
        } else {
          System.arraycopy(black, 0, data, target, channels);
        }
      }
    }
  }

  private Augmentation() {}
}
