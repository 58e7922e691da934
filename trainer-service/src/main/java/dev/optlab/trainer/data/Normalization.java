package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.List;

/** Per-channel (x / 255 - mean) / std as a lookup table per channel and byte value. */
public final class Normalization {
  private final float[][] table = new float[Cifar10.CHANNELS][256];

  public Normalization(List<Double> mean, List<Double> std) {
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = (float) ((v / 255.0 - mean.get(c)) / std.get(c));
      }
    }
  }

  /** Each channel's normalized value of a black (0) pixel: the padding of augmentation. */
  float[] black() {
    float[] black = new float[Cifar10.CHANNELS];
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      black[c] = table[c][0];
    }
    return black;
  }

  /**
   * Writes image {@code index} of {@code images} (CIFAR's planes: CHW bytes) as normalized HWC
   * floats (channels last) at {@code offset}; {@code pixels} is scratch space of {@link
   * Cifar10#IMAGE_BYTES} bytes.
   */
  void write(CifarImages images, int index, byte[] pixels, float[] target, int offset) {
    images.copyPixels(index, pixels);
    int plane = Cifar10.IMAGE_SIZE * Cifar10.IMAGE_SIZE;
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      float[] lookup = table[c];
      int from = c * plane;
      int to = offset + c;
      for (int i = 0; i < plane; i++) {
        target[to + i * Cifar10.CHANNELS] = lookup[pixels[from + i] & 0xff];
      }
    }
  }
}
