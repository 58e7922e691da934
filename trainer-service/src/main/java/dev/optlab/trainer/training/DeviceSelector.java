package dev.optlab.trainer.training;

import ai.djl.Device;

/** Chooses the training device from {@code trainer.device} (auto, cpu, gpu) and the GPUs seen. */
public final class DeviceSelector {
  public static Device select(String preference, int gpuCount) {
    return switch (preference) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpuCount == 0) {
          throw new IllegalStateException(
              "trainer.device=gpu but the PyTorch engine sees no GPU: this trainer has the CPU"
                  + " build of libtorch (use the GPU image, see README) or no CUDA device");
        }
        yield Device.gpu();
      }
      case "auto" -> gpuCount > 0 ? Device.gpu() : Device.cpu();
      default ->
          throw new IllegalArgumentException(
              "trainer.device must be auto, cpu or gpu, not '" + preference + "'");
    };
  }

  private DeviceSelector() {}
}
