package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a split through the shard cache with a few shards in flight at once (fetch, hash and decode
 * overlap), each decoded straight into its place and then dropped.
 */
public final class SplitLoader {
  public static final int PARALLEL_SHARDS = Integer.getInteger("optlab.parallel-shards", 3);

  public static CifarImages load(ShardCache cache, DatasetManifest manifest, String split) {
    List<ShardInfo> shards = manifest.split(split).shards();
    CifarImages.Decoder decoder = new CifarImages.Decoder(manifest.split(split).records());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(PARALLEL_SHARDS, shards.size()),
            r -> {
              Thread thread = new Thread(r, "shard-loader");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> pending = new ArrayList<>();
      int first = 0;
      for (ShardInfo shard : shards) {
        int start = first;
        pending.add(pool.submit(() -> decoder.put(start, cache.shard(manifest.name(), shard))));
        first += shard.records();
      }
      for (Future<?> future : pending) {
        future.get();
      }
      return decoder.images();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + split, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private SplitLoader() {}
}
