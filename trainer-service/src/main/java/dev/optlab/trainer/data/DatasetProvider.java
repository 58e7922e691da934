package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.BitSet;
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
  private Loaded loaded;

  DatasetProvider(TrainerConfig config) {
    this.cache = new ShardCache(config.cacheDir(), config.datasetUrl());
  }

  void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
    Thread warmUp = new Thread(ShardCache::warmUp, "shard-loader-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  public synchronized RunData forRun(RunSpec spec) {
    DatasetManifest manifest = cache.manifest(spec.dataset());
    if (loaded == null || !loaded.version().equals(manifest.version())) {
      loaded = null; // let the previous version be collected before the new one is read
      long started = System.nanoTime();
      loaded =
          new Loaded(
              manifest.version(),
              read(manifest, DatasetManifest.TRAIN),
              read(manifest, DatasetManifest.TEST),
              new Normalization(manifest.channelMean(), manifest.channelStd()));
      LOG.infof(
          "dataset %s version %s loaded in %.1f s",
          manifest.name(), manifest.version(), (System.nanoTime() - started) / 1e9);
    }
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

  private CifarImages read(DatasetManifest manifest, String split) {
    return SplitLoader.load(cache, manifest, split);
  }
}
