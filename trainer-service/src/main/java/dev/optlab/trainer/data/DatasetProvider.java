package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Loads a dataset version into memory once (from the shard cache) and cuts runs' subsets. */
@ApplicationScoped
public class DatasetProvider {
  private static final Logger LOG = Logger.getLogger(DatasetProvider.class);

  public record RunData(
    CifarImages all = loaded.train();
    CifarImages train;
    CifarImages validation;
    if ("train".equals(spec.validationFrom())) {
      int[] held = StratifiedSubset.select(all, spec.valSize(), spec.seed());
      java.util.BitSet excluded = new java.util.BitSet();
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
    CifarImages.Decoder decoder = new CifarImages.Decoder(manifest.split(split).records());
    for (ShardInfo shard : manifest.split(split).shards()) {
      decoder.append(cache.shard(manifest.name(), shard));
    }
    return decoder.images();
  }
}
