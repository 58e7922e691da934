package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images held in memory in CIFAR-10's own record layout (a label byte, then 3,072 bytes of R, G and
 * B planes), in the chunks they arrived in: a verified shard becomes part of a split without being
 * copied again.
 */
public final class CifarImages {
  private final byte[][] chunks;
  private final int[] firstIndex;
  private final int size;

  private CifarImages(byte[][] chunks) {
    this.chunks = chunks;
    this.firstIndex = new int[chunks.length + 1];
    for (int c = 0; c < chunks.length; c++) {
      firstIndex[c + 1] = firstIndex[c] + records(chunks[c]);
    }
    this.size = firstIndex[chunks.length];
  }

  /** Images over concatenated records, checked (whole records, labels 0–9), not copied. */
  public static CifarImages fromRecords(byte[] records) {
    return fromRecords(List.of(records));
  }

  public static CifarImages fromRecords(List<byte[]> chunks) {
    chunks.forEach(CifarImages::checkRecords);
    return new CifarImages(chunks.toArray(byte[][]::new));
  }

  /** Collects a split's shards, possibly from several threads, each into its own slot. */
  public static final class Assembler {
    private final byte[][] chunks;
    private final AtomicInteger filled = new AtomicInteger();

    public Assembler(int chunkCount) {
      chunks = new byte[chunkCount][];
    }

    public void put(int slot, byte[] records) {
      checkRecords(records);
      chunks[slot] = records;
      filled.incrementAndGet();
    }

    public CifarImages images() {
      if (filled.get() != chunks.length) {
        throw new IllegalStateException(
            "received " + filled.get() + " of " + chunks.length + " shards");
      }
      return new CifarImages(chunks.clone());
    }
  }

  /** A compact copy of the images at {@code indexes}, in that order. */
  public CifarImages select(int[] indexes) {
    byte[] selected = new byte[indexes.length * Cifar10.RECORD_BYTES];
    for (int i = 0; i < indexes.length; i++) {
      int chunk = chunkOf(indexes[i]);
      System.arraycopy(
          chunks[chunk],
          (indexes[i] - firstIndex[chunk]) * Cifar10.RECORD_BYTES,
          selected,
          i * Cifar10.RECORD_BYTES,
          Cifar10.RECORD_BYTES);
    }
    return new CifarImages(new byte[][] {selected});
  }

  public int size() {
    return size;
  }

  public int label(int index) {
    int chunk = chunkOf(index);
    return chunks[chunk][(index - firstIndex[chunk]) * Cifar10.RECORD_BYTES];
  }

  /** The array holding image {@code index}'s pixels; they start at {@link #pixelOffset}. */
  byte[] pixelArray(int index) {
    return chunks[chunkOf(index)];
  }

  int pixelOffset(int index) {
    return (index - firstIndex[chunkOf(index)]) * Cifar10.RECORD_BYTES + 1;
  }

  private int chunkOf(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("image " + index + " of " + size);
    }
    int low = 0;
    int high = chunks.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (firstIndex[mid] <= index) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static int records(byte[] chunk) {
    return chunk.length / Cifar10.RECORD_BYTES;
  }

  private static void checkRecords(byte[] chunk) {
    if (chunk.length % Cifar10.RECORD_BYTES != 0) {
      throw new IllegalArgumentException(chunk.length + " bytes is not a whole number of records");
    }
    for (int offset = 0; offset < chunk.length; offset += Cifar10.RECORD_BYTES) {
      if ((chunk[offset] & 0xff) >= Cifar10.CLASSES) {
        throw new IllegalArgumentException(
            "record " + offset / Cifar10.RECORD_BYTES + " has label " + (chunk[offset] & 0xff));
      }
    }
  }
}
