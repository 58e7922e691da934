package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Mini-batches of a run. The order of epoch {@code e} is a shuffle seeded by (seed, e) only, so
 * every run of an experiment with the same seed sees the same batches in the same order. Each epoch
 * has {@code max(1, size / batchSize)} full batches; the leftover images of a shuffle are left out
 * of that epoch (they are in the next ones).
 */
public final class Batches {
  /**
   * {@code images}: {@code size} normalized images, HWC floats (channels last), one after another.
   */
  public record Batch(float[] images, float[] labels, int size) {}

  private final CifarImages images;
  private final Normalization normalization;
  private final int batchSize;
  private final long seed;
  private final boolean augment;

  public Batches(
      CifarImages images, Normalization normalization, int batchSize, long seed, boolean augment) {
    this.images = images;
    this.normalization = normalization;
    this.batchSize = Math.min(batchSize, images.size());
    this.seed = seed;
    this.augment = augment;
  }

  public int stepsPerEpoch() {
    return Math.max(1, images.size() / batchSize);
  }

  public int batchSize() {
    return batchSize;
  }

  /** The shuffled image order of epoch {@code epoch} (counted from 1). */
  public int[] order(int epoch) {
    int[] order = new int[images.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(seed * 1_000_003L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /**
   * Batch {@code index} of an epoch's order. Augmentation draws from a generator seeded by (seed,
   * epoch, index) alone, so batches may be prepared on any thread, in any order, and a resumed run
   * sees the same augmented images.
   */
  public Batch batch(int[] order, int epoch, int index) {
    Batch batch = slice(order, index * batchSize, batchSize);
    if (augment) {
      SplittableRandom random = new SplittableRandom(batchSeed(seed, epoch, index));
      float[] black = normalization.black();
      for (int i = 0; i < batch.size(); i++) {
        Augmentation.apply(batch.images(), i * Cifar10.IMAGE_BYTES, black, random);
      }
    }
    return batch;
  }

  /**
   * The seed of batch {@code index} of epoch {@code epoch}: its augmentation and the training
   * loop's dropout masks draw from it alone.
   */
  public static long batchSeed(long seed, int epoch, int index) {
    return seed * 1_000_003L + epoch * 65_537L + index;
  }

  /** Consecutive images in dataset order, for evaluation; the last slice may be shorter. */
  public static Batch sequential(
      CifarImages images, Normalization normalization, int from, int count) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = from + i;
    }
    return slice(images, normalization, order, 0, count);
  }

  private Batch slice(int[] order, int from, int count) {
    return slice(images, normalization, order, from, count);
  }

  private static Batch slice(
      CifarImages images, Normalization normalization, int[] order, int from, int count) {
    float[] data = new float[count * Cifar10.IMAGE_BYTES];
    float[] labels = new float[count];
    byte[] pixels = new byte[Cifar10.IMAGE_BYTES];
    for (int i = 0; i < count; i++) {
      int index = order[from + i];
      normalization.write(images, index, pixels, data, i * Cifar10.IMAGE_BYTES);
      labels[i] = images.label(index);
    }
    return new Batch(data, labels, count);
  }
}
