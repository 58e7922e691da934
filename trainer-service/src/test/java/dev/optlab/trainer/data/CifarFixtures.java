package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.List;
import java.util.Random;

/** Generated CIFAR-format records whose class is learnable from colour and a stripe. */
public final class CifarFixtures {
  public static final Normalization NORMALIZATION =
      new Normalization(List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));

  /** {@code count} records in CIFAR's binary layout, labels cycling 0..9. */
  public static byte[] records(int count, long seed) {
    Random random = new Random(seed);
    byte[] records = new byte[count * Cifar10.RECORD_BYTES];
    int plane = Cifar10.IMAGE_SIZE * Cifar10.IMAGE_SIZE;
    for (int i = 0; i < count; i++) {
      int label = i % Cifar10.CLASSES;
      int offset = i * Cifar10.RECORD_BYTES;
      records[offset] = (byte) label;
      for (int c = 0; c < Cifar10.CHANNELS; c++) {
        int base = 40 + 20 * ((label + c * 3) % 10);
        for (int p = 0; p < plane; p++) {
          int row = p / Cifar10.IMAGE_SIZE;
          int stripe = (row / 4) % 2 == label % 2 ? 30 : 0;
          int value = base + stripe + random.nextInt(30);
          records[offset + 1 + c * plane + p] = (byte) Math.min(255, value);
        }
      }
    }
    return records;
  }

  public static CifarImages images(int count, long seed) {
    return CifarImages.fromRecords(records(count, seed));
  }

  private CifarFixtures() {}
}
