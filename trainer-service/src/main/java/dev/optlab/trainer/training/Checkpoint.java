package dev.optlab.trainer.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's state at the end of an epoch: every parameter (BatchNorm statistics included), the
 * optimizer's state and update counts (by parameter name), and the position (epoch, step). The data
 * order, augmentation and dropout of later epochs are seeded by (seed, epoch) alone, so this is all
 * a resumed run needs to continue exactly as an uninterrupted one.
 */
public record Checkpoint(
    int epoch,
    long step,
    Map<String, byte[]> parameters,
    Map<String, byte[]> optimizerState,
    Map<String, Integer> updateCounts) {

  private static final String MAGIC = "optlab-checkpoint";
  private static final int VERSION = 1;

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(epoch);
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
    if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
      throw new IOException("not a version " + VERSION + " checkpoint");
    }
    int epoch = in.readInt();
    long step = in.readLong();
    Map<String, byte[]> parameters = readArrays(in);
    Map<String, byte[]> optimizerState = readArrays(in);
    Map<String, Integer> counts = new LinkedHashMap<>();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      counts.put(in.readUTF(), in.readInt());
    }
    return new Checkpoint(epoch, step, parameters, optimizerState, counts);
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
