package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;

/** Images in CIFAR-10's record layout held in memory: labels and CHW pixel planes. */
public final class CifarImages {
  private final byte[] labels;
  private final byte[] pixels;

  public CifarImages(byte[] labels, byte[] pixels) {
    if (pixels.length != labels.length * Cifar10.IMAGE_BYTES) {
      throw new IllegalArgumentException("pixels do not match " + labels.length + " labels");
    }
    this.labels = labels;
    this.pixels = pixels;
  }

  /** Splits concatenated records (label byte + 3,072 pixel bytes each). */
  public static CifarImages fromRecords(byte[] records) {
    if (records.length % Cifar10.RECORD_BYTES != 0) {
      throw new IllegalArgumentException(
          records.length + " bytes is not a whole number of records");
    }
    int count = records.length / Cifar10.RECORD_BYTES;
    byte[] labels = new byte[count];
    byte[] pixels = new byte[count * Cifar10.IMAGE_BYTES];
    for (int i = 0; i < count; i++) {
      int offset = i * Cifar10.RECORD_BYTES;
      labels[i] = records[offset];
      System.arraycopy(records, offset + 1, pixels, i * Cifar10.IMAGE_BYTES, Cifar10.IMAGE_BYTES);
    }
    return new CifarImages(labels, pixels);
  }

  public CifarImages select(int[] indexes) {
    byte[] selectedLabels = new byte[indexes.length];
    byte[] selectedPixels = new byte[indexes.length * Cifar10.IMAGE_BYTES];
    for (int i = 0; i < indexes.length; i++) {
      selectedLabels[i] = labels[indexes[i]];
      System.arraycopy(
          pixels,
          indexes[i] * Cifar10.IMAGE_BYTES,
          selectedPixels,
          i * Cifar10.IMAGE_BYTES,
          Cifar10.IMAGE_BYTES);
    }
    return new CifarImages(selectedLabels, selectedPixels);
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return labels[index];
  }

  byte[] pixels() {
    return pixels;
  }
}
