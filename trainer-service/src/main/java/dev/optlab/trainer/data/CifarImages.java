package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images held in memory in CIFAR-10's own record layout (a label byte, then 3,072 bytes of R, G and
 * B planes), in the chunks they arrived in: a verified shard becomes part of a split without being
 * copied again. Fetched shards are off-heap buffers (see {@link ShardCache#shard}); a run's subset
 * ({@link #select}) is a compact copy on the heap.
 */
public final class CifarImages {
  private final ByteBuffer[] chunks;
  private final int[] firstIndex;
  private final int size;

  private CifarImages(ByteBuffer[] chunks) {
    this.chunks = chunks;
    this.firstIndex = new int[chunks.length + 1];
    for (int c = 0; c < chunks.length; c++) {
      firstIndex[c + 1] = firstIndex[c] + records(chunks[c]);
    }
    this.size = firstIndex[chunks.length];
  }

  /** Images over concatenated records, checked (whole records, labels 0–9), not copied. */
  public static CifarImages fromRecords(byte[] records) {
    return fromRecords(List.of(ByteBuffer.wrap(records)));
  }

  public static CifarImages fromRecords(List<ByteBuffer> chunks) {
    chunks.forEach(CifarImages::checkRecords);
    return new CifarImages(chunks.toArray(ByteBuffer[]::new));
  }

  /** Collects a split's shards, possibly from several threads, each into its own slot. */
  public static final class Assembler {
    private final ByteBuffer[] chunks;
    private final AtomicInteger filled = new AtomicInteger();

    public Assembler(int chunkCount) {
      chunks = new ByteBuffer[chunkCount];
    }

    public void put(int slot, ByteBuffer records) {
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
      chunks[chunk].get(
          (indexes[i] - firstIndex[chunk]) * Cifar10.RECORD_BYTES,
          selected,
          i * Cifar10.RECORD_BYTES,
          Cifar10.RECORD_BYTES);
    }
    return fromRecords(selected);
  }

  public int size() {
    return size;
  }

  public int label(int index) {
    int chunk = chunkOf(index);
    return chunks[chunk].get((index - firstIndex[chunk]) * Cifar10.RECORD_BYTES);
  }

  /** Copies image {@code index}'s 3,072 pixel bytes (CHW planes) into {@code target}. */
  void copyPixels(int index, byte[] target) {
    int chunk = chunkOf(index);
    chunks[chunk].get(
        (index - firstIndex[chunk]) * Cifar10.RECORD_BYTES + 1, target, 0, Cifar10.IMAGE_BYTES);
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

  private static int records(ByteBuffer chunk) {
    return chunk.limit() / Cifar10.RECORD_BYTES;
  }

  private static void checkRecords(ByteBuffer chunk) {
    if (chunk.limit() % Cifar10.RECORD_BYTES != 0) {
      throw new IllegalArgumentException(chunk.limit() + " bytes is not a whole number of records");
    }
    for (int offset = 0; offset < chunk.limit(); offset += Cifar10.RECORD_BYTES) {
      if ((chunk.get(offset) & 0xff) >= Cifar10.CLASSES) {
        throw new IllegalArgumentException(
            "record " + offset / Cifar10.RECORD_BYTES + " has label " + (chunk.get(offset) & 0xff));
      }
    }
  }
}
