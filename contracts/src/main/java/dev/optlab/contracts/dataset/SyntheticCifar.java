package dev.optlab.contracts.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated records in CIFAR-10's binary layout whose class is learnable from colour and a stripe
 * pattern: fixtures for tests and benchmarks that must run without the real dataset.
 */
public final class SyntheticCifar {
  /** {@code count} records, labels cycling 0..9. */
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
          records[offset + 1 + c * plane + p] =
              (byte) Math.min(255, base + stripe + random.nextInt(30));
        }
      }
    }
    return records;
  }

  /**
   * Writes the six batch files of the official layout: five training batches and the test batch.
   */
  public static void writeBatchFiles(
      Path folder, int recordsPerTrainBatch, int testRecords, long seed) throws IOException {
    Files.createDirectories(folder);
    for (int batch = 1; batch <= 5; batch++) {
      Files.write(
          folder.resolve("data_batch_" + batch + ".bin"),
          records(recordsPerTrainBatch, seed + batch));
    }
    Files.write(folder.resolve("test_batch.bin"), records(testRecords, seed + 100));
  }

  private SyntheticCifar() {}
}
