package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.BitSet;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Loads a dataset version into memory once (from the shard cache) and cuts runs' subsets. */
@ApplicationScoped
public class DatasetProvider {
  private static final Logger LOG = Logger.getLogger(DatasetProvider.class);

  public record RunData(
      CifarImages train, CifarImages validation, Normalization normalization, String version) {}

  private record Loaded(
      String version, CifarImages train, CifarImages test, Normalization normalization) {}

  private final ShardCache cache;
  private final Optional<String> preload;
  private Loaded loaded;

  DatasetProvider(TrainerConfig config) {
    this.cache = new ShardCache(config.cacheDir(), config.datasetUrl());
    this.preload = config.preloadDataset();
  }

  void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
    Thread warmUp = new Thread(this::warmUpAndPreload, "shard-loader-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  private void warmUpAndPreload() {
    ShardCache.warmUp();
    preload.ifPresent(
        dataset -> {
          try {
            load(cache.manifest(dataset));
          } catch (RuntimeException e) {
            LOG.infof(
                "dataset %s not preloaded (%s): the first run loads it", dataset, e.getMessage());
          }
        });
  }

  public RunData forRun(RunSpec spec) {
    DatasetManifest manifest = cache.manifest(spec.dataset());
    Loaded loaded = load(manifest);
    CifarImages all = loaded.train();
    CifarImages train;
    CifarImages validation;
    if ("train".equals(spec.validationFrom())) {
      int[] held = StratifiedSubset.select(all, spec.valSize(), spec.seed());
      BitSet excluded = new BitSet();
      for (int index : held) {
        excluded.set(index);
      }
      validation = all.select(held);
      train = all.select(StratifiedSubset.select(all, spec.trainSize(), spec.seed(), excluded));
    } else {
      train = all.select(StratifiedSubset.select(all, spec.trainSize(), spec.seed()));
      validation =
          loaded.test().select(StratifiedSubset.select(loaded.test(), spec.valSize(), spec.seed()));
    }
    return new RunData(train, validation, loaded.normalization(), loaded.version());
  }

  private synchronized Loaded load(DatasetManifest manifest) {
    if (loaded == null || !loaded.version().equals(manifest.version())) {
      loaded = null; // let the previous version be collected before the new one is read
      long started = System.nanoTime();
      try {
        loaded =
            new Loaded(
                manifest.version(),
                read(manifest, DatasetManifest.TRAIN),
                read(manifest, DatasetManifest.TEST),
                new Normalization(manifest.channelMean(), manifest.channelStd()));
      } finally {
        cache.persistFetched(); // what was verified stays cached, even if a later shard failed
      }
      long bytes =
          manifest.splits().values().stream()
              .flatMap(split -> split.shards().stream())
              .mapToLong(DatasetManifest.ShardInfo::bytes)
              .sum();
      double seconds = (System.nanoTime() - started) / 1e9;
      LOG.infof(
          "dataset %s version %s loaded in %.3f s (%d bytes, %.0f MB/s)",
          manifest.name(), manifest.version(), seconds, bytes, bytes / 1e6 / seconds);
    }
    return loaded;
  }

  private CifarImages read(DatasetManifest manifest, String split) {
    return SplitLoader.load(cache, manifest, split);
  }
}
