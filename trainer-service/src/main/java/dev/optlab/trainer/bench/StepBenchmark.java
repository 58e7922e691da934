package dev.optlab.trainer.bench;

import ai.djl.Device;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.CifarImages;
import dev.optlab.trainer.data.Normalization;
import dev.optlab.trainer.training.RunListener;
import dev.optlab.trainer.training.RunTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times training steps of our loop (forward, backward, global gradient norm, clipping check, our
 * SGD+momentum, loss and accuracy read back every step, input created from Java floats every step)
 * on the first images of a CIFAR-10 batch file: {@code StepBenchmark BATCH_FILE BN STEPS}. Prints
 * the median and mean ms/step after 20 warm-up steps. Threads: {@code
 * -Dai.djl.pytorch.num_threads}. bench/step-vs-pytorch.sh runs it beside its PyTorch twin.
 */
public final class StepBenchmark {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean batchNorm = Boolean.parseBoolean(args[1]);
    int steps = Integer.parseInt(args[2]);
    CifarImages images = CifarImages.fromRecords(Files.readAllBytes(file));
    int count = Math.min(images.size(), steps * 64);
    String base =
        String.format(
            "{optimizer: {type: sgd, learningRate: 0.01, momentum: 0.9}, batchNorm: %s, epochs: %d,"
                + " batchSize: 64, trainSize: %d, valSize: 10, seed: 1}",
            batchNorm, Math.max(1, steps * 64 / count), count);
    RunSpec spec = BenchRuns.plan("bench", base);
    List<Double> millis = new ArrayList<>();
    RunListener timer =
        new RunListener() {
          @Override
          public void onStep(StepMetrics m) {
            millis.add(m.samples() / m.samplesPerSecond() * 1000);
          }

          @Override
          public void onEpochEnd(EvalMetrics validation) {}
        };
    Normalization normalization =
        new Normalization(List.of(0.4914, 0.4822, 0.4465), List.of(0.2470, 0.2435, 0.2616));
    new RunTraining(
            spec,
            images,
            images.select(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}),
            normalization,
            Device.cpu())
        .run(timer);
    List<Double> measured =
        new ArrayList<>(millis.subList(Math.min(20, millis.size()), millis.size()));
    Collections.sort(measured);
    double mean = measured.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "djl bn=%s steps=%d median_ms=%.2f mean_ms=%.2f%n",
        batchNorm,
        measured.size(),
        measured.get(measured.size() / 2),
        mean);
  }

  private StepBenchmark() {}
}
