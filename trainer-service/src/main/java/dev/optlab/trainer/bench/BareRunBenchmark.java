package dev.optlab.trainer.bench;

import ai.djl.Device;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.CifarImages;
import dev.optlab.trainer.data.Normalization;
import dev.optlab.trainer.data.ShardCache;
import dev.optlab.trainer.data.SplitLoader;
import dev.optlab.trainer.data.StratifiedSubset;
import dev.optlab.trainer.training.RunTraining;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bare loop of a run, without Kafka or event publishing, on the same data a trainer would get
 * (the shard cache of a dataset-service): {@code BareRunBenchmark DATASET_URL CACHE_DIR SPEC_YAML}.
 * Times what the service's "completed ... in T s" times: cutting the subsets and training with
 * validation.
 */
public final class BareRunBenchmark {
  public static void main(String[] args) throws Exception {
    ShardCache cache = new ShardCache(Path.of(args[1]), args[0]);
    var manifest = cache.manifest("cifar10");
    CifarImages train = SplitLoader.load(cache, manifest, "train");
    CifarImages test = SplitLoader.load(cache, manifest, "test");
    cache.persistFetched();
    Normalization normalization = new Normalization(manifest.channelMean(), manifest.channelStd());
    RunSpec spec = BenchRuns.plan("bare", args[2]);
    long started = System.nanoTime();
    CifarImages subset =
        train.select(StratifiedSubset.select(train, spec.trainSize(), spec.seed()));
    CifarImages validation =
        test.select(StratifiedSubset.select(test, spec.valSize(), spec.seed()));
    var outcome =
        new RunTraining(spec, subset, validation, normalization, Device.cpu())
            .run(BenchRuns.SILENT);
    System.out.printf(
        Locale.ROOT, "bare %s in %.2f s%n", outcome.message(), (System.nanoTime() - started) / 1e9);
  }

  private BareRunBenchmark() {}
}
