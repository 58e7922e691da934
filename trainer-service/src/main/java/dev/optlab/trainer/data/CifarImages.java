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
    return fromRecords(java.util.List.of(records));
  }

  /** Decodes several runs of records (shards) straight into one pair of arrays. */
  public static CifarImages fromRecords(java.util.List<byte[]> chunks) {
    Decoder decoder =
        new Decoder(chunks.stream().mapToInt(c -> c.length / Cifar10.RECORD_BYTES).sum());
    chunks.forEach(decoder::append);
    return decoder.images();
  }

  /**
   * Fills arrays sized up front shard by shard, so no shard outlives its decoding. Shards may be
   * put from several threads: each writes its own range.
   */
  public static final class Decoder {
    private final byte[] labels;
    private final byte[] pixels;
    private final java.util.concurrent.atomic.AtomicInteger decoded =
        new java.util.concurrent.atomic.AtomicInteger();
    private int next;

    public Decoder(int count) {
      labels = new byte[count];
      pixels = new byte[count * Cifar10.IMAGE_BYTES];
    }

    /** Appends after the records appended so far (single-threaded use). */
    public void append(byte[] chunk) {
      put(next, chunk);
      next += chunk.length / Cifar10.RECORD_BYTES;
    }

    /** Decodes {@code chunk} as records {@code first}, {@code first + 1}, ... */
    public void put(int first, byte[] chunk) {
      if (chunk.length % Cifar10.RECORD_BYTES != 0) {
        throw new IllegalArgumentException(
            chunk.length + " bytes is not a whole number of records");
      }
      int index = first;
      for (int offset = 0; offset < chunk.length; offset += Cifar10.RECORD_BYTES, index++) {
        labels[index] = chunk[offset];
        System.arraycopy(
            chunk, offset + 1, pixels, index * Cifar10.IMAGE_BYTES, Cifar10.IMAGE_BYTES);
      }
      decoded.addAndGet(chunk.length / Cifar10.RECORD_BYTES);
    }

    public CifarImages images() {
      if (decoded.get() != labels.length) {
        throw new IllegalStateException(
            "decoded " + decoded.get() + " of " + labels.length + " records");
      }
      return new CifarImages(labels, pixels);
    }
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
