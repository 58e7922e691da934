package dev.optlab.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Loads the PyTorch engine once and runs one tensor operation. Image builds run it so that libtorch
 * is extracted (CPU, from the classpath jar) or downloaded (CUDA, {@code PYTORCH_FLAVOR}) into
 * {@code DJL_CACHE_DIR} while the image is built; the running trainer then starts offline.
 */
public final class NativeEngineCheck {
  public static void main(String[] args) {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray sum = manager.create(new float[] {1, 2, 3}).sum();
      if (sum.getFloat() != 6f) {
        throw new IllegalStateException("libtorch computed 1+2+3 = " + sum.getFloat());
      }
    }
    System.out.printf(
        "PyTorch engine %s loaded; GPUs visible: %d%n", engine.getVersion(), engine.getGpuCount());
  }

  private NativeEngineCheck() {}
}
