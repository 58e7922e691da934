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
 * Loads a split through the shard cache with a few shards in flight at once (fetching and hashing
 * overlap); each verified shard becomes part of the split as it is. Shards fetched from the service
 * are not written to the cache folder here: the caller does that once it has loaded what it needs
 * ({@link ShardCache#persistFetched}), so the disk writes do not compete with the fetch for the
 * CPU.
 */
public final class SplitLoader {
  public static final int PARALLEL_SHARDS = Integer.getInteger("optlab.parallel-shards", 3);

  public static CifarImages load(ShardCache cache, DatasetManifest manifest, String split) {
    List<ShardInfo> shards = manifest.split(split).shards();
    CifarImages.Assembler assembler = new CifarImages.Assembler(shards.size());
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
      for (int i = 0; i < shards.size(); i++) {
        int slot = i;
        pending.add(
            pool.submit(() -> assembler.put(slot, cache.shard(manifest.name(), shards.get(slot)))));
      }
      for (Future<?> future : pending) {
        future.get();
      }
      CifarImages images = assembler.images();
      if (images.size() != manifest.split(split).records()) {
        throw new IllegalStateException(
            split
                + " has "
                + images.size()
                + " records, the manifest says "
                + manifest.split(split).records());
      }
      return images;
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
