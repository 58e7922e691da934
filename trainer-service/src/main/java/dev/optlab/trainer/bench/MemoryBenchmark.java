package dev.optlab.trainer.bench;

import ai.djl.Device;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.CifarImages;
import dev.optlab.trainer.data.Normalization;
import dev.optlab.trainer.data.StratifiedSubset;
import dev.optlab.trainer.training.RunTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RSS of one JVM across consecutive runs (DJL has open reports of memory growth when many Trainers
 * are created in one JVM): {@code MemoryBenchmark BATCH_FILE RUNS}. Each run trains one epoch of
 * 2,000 images with a different optimizer, BatchNorm every other run, like a trainer taking an
 * experiment's runs one after another; RSS is read from /proc after each run.
 */
public final class MemoryBenchmark {
  private static final String[] OPTIMIZERS = {"sgd", "rmsprop", "adam", "adamw", "adagrad"};

  public static void main(String[] args) throws Exception {
    CifarImages all = CifarImages.fromRecords(Files.readAllBytes(Path.of(args[0])));
    int runs = Integer.parseInt(args[1]);
    CifarImages train = all.select(StratifiedSubset.select(all, 2000, 1));
    CifarImages validation = all.select(StratifiedSubset.select(all, 500, 2));
    Normalization normalization =
        new Normalization(List.of(0.49, 0.48, 0.45), List.of(0.25, 0.24, 0.26));
    List<Long> rss = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      String yaml =
          String.format(
              "{optimizer: {type: %s}, batchNorm: %s, epochs: 1, batchSize: 64, trainSize: 2000, valSize: 500, seed: %d}",
              OPTIMIZERS[run % OPTIMIZERS.length], run % 2 == 0, run);
      RunSpec spec = BenchRuns.plan("mem", yaml);
      new RunTraining(spec, train, validation, normalization, Device.cpu()).run(BenchRuns.SILENT);
      System.gc();
      long kb = rssKb();
      rss.add(kb);
      var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      System.out.printf(
          Locale.ROOT,
          "run %2d (%s, bn=%s): RSS %d MB = Java heap committed %d MB (used %d MB) + the rest %d MB%n",
          run,
          spec.optimizer().type(),
          spec.batchNorm(),
          kb / 1024,
          heap.getCommitted() >> 20,
          heap.getUsed() >> 20,
          kb / 1024 - (heap.getCommitted() >> 20));
    }
    long first = rss.get(0);
    long max = rss.stream().mapToLong(Long::longValue).max().orElse(first);
    long last = rss.get(rss.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "after run 1: %d MB; max after: %d MB (%+.1f%%); last: %d MB (%+.1f%%)%n",
        first / 1024,
        max / 1024,
        100.0 * (max - first) / first,
        last / 1024,
        100.0 * (last - first) / first);
  }

  private static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private MemoryBenchmark() {}
}
