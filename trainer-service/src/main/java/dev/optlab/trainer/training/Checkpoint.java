package dev.optlab.trainer.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's state at a step: every parameter (BatchNorm statistics included), the optimizer's state
 * and update counts (by parameter name), and the position: the epoch, how many of its batches are
 * done ({@link #WHOLE_EPOCH} at an epoch's end) and the step. The data order of an epoch is seeded
 * by (seed, epoch), augmentation and dropout of a batch by (seed, epoch, batch), so this is all a
 * resumed run needs to continue exactly as an uninterrupted one.
 */
public record Checkpoint(
    int epoch,
    int batchesDone,
    long step,
    Map<String, byte[]> parameters,
    Map<String, byte[]> optimizerState,
    Map<String, Integer> updateCounts) {

  public static final int WHOLE_EPOCH = -1;

  private static final String MAGIC = "optlab-checkpoint";
  private static final int VERSION = 2;

  /** Whether the epoch is finished: the run continues with the next one. */
  boolean atEpochEnd() {
    return batchesDone == WHOLE_EPOCH;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(epoch);
    out.writeInt(batchesDone);
    out.writeLong(step);
    writeArrays(out, parameters);
    writeArrays(out, optimizerState);
    out.writeInt(updateCounts.size());
    for (var entry : updateCounts.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue());
    }
  }

  static Checkpoint read(DataInputStream in) throws IOException {
    if (!MAGIC.equals(in.readUTF())) {
      throw new IOException("not a checkpoint");
    }
    int version = in.readInt();
    if (version != 1 && version != VERSION) {
      throw new IOException("checkpoint version " + version + " is unknown");
    }
    int epoch = in.readInt();
    int batchesDone = version == 1 ? WHOLE_EPOCH : in.readInt(); // version 1: epoch ends only
    long step = in.readLong();
    Map<String, byte[]> parameters = readArrays(in);
    Map<String, byte[]> optimizerState = readArrays(in);
    Map<String, Integer> counts = new LinkedHashMap<>();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      counts.put(in.readUTF(), in.readInt());
    }
    return new Checkpoint(epoch, batchesDone, step, parameters, optimizerState, counts);
  }

  private static void writeArrays(DataOutputStream out, Map<String, byte[]> arrays)
      throws IOException {
    out.writeInt(arrays.size());
    for (var entry : arrays.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue().length);
      out.write(entry.getValue());
    }
  }

  private static Map<String, byte[]> readArrays(DataInputStream in) throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      String key = in.readUTF();
      byte[] value = new byte[in.readInt()];
      in.readFully(value);
      arrays.put(key, value);
    }
    return arrays;
  }
}
