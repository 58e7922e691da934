package dev.optlab.dataset.storage;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.ArrayList;
import java.util.List;

/** Per-channel mean and standard deviation of pixels scaled to [0, 1]. */
record ChannelStats(List<Double> mean, List<Double> std) {
  static ChannelStats of(List<byte[]> batchFiles) {
    int plane = Cifar10.IMAGE_SIZE * Cifar10.IMAGE_SIZE;
    long[] sum = new long[Cifar10.CHANNELS];
    long[] sumSquares = new long[Cifar10.CHANNELS];
    long count = 0;
    for (byte[] file : batchFiles) {
      for (int offset = 0; offset < file.length; offset += Cifar10.RECORD_BYTES) {
        for (int c = 0; c < Cifar10.CHANNELS; c++) {
          int start = offset + 1 + c * plane;
          for (int i = start; i < start + plane; i++) {
            int v = file[i] & 0xff;
            sum[c] += v;
            sumSquares[c] += (long) v * v;
          }
        }
        count += plane;
      }
    }
    List<Double> mean = new ArrayList<>();
    List<Double> std = new ArrayList<>();
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      double m = sum[c] / (double) count;
      double variance = sumSquares[c] / (double) count - m * m;
      mean.add(m / 255.0);
      std.add(Math.sqrt(variance) / 255.0);
    }
    return new ChannelStats(mean, std);
  }
}
