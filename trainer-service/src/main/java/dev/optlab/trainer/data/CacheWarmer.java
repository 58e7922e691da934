package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Fills a trainer's shard cache and decodes every image, as a trainer does when it loads a dataset:
 * {@code CacheWarmer DATASET_URL CACHE_DIR [ROUNDS [cold|warm]]}. Prints time and bytes per round.
 * With several {@code cold} rounds the cache is emptied before each, so rounds after the first show
 * a cold cache in a running JVM (a trainer's situation when its first run arrives). Also usable as
 * an init step that warms the cache before trainers start.
 */
public final class CacheWarmer {
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: CacheWarmer DATASET_URL CACHE_DIR [ROUNDS [cold|warm]]");
      System.exit(2);
    }
    Path cacheDir = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    boolean cold = args.length <= 3 || "cold".equals(args[3]);
    for (int round = 1; round <= rounds; round++) {
      if (cold) {
        empty(cacheDir);
      }
      long startedMillis = System.currentTimeMillis();
      long started = System.nanoTime();
      ShardCache cache = new ShardCache(cacheDir, args[0]);
      DatasetManifest manifest = cache.manifest("cifar10");
      int images = 0;
      long bytes = 0;
      for (String split : new String[] {DatasetManifest.TRAIN, DatasetManifest.TEST}) {
        images += SplitLoader.load(cache, manifest, split).size();
        bytes += manifest.split(split).shards().stream().mapToLong(ShardInfo::bytes).sum();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long endedMillis = System.currentTimeMillis();
      cache.awaitWrites();
      double cached = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: %d images, %d bytes fetched or read, verified and decoded in %.3f s (%.1f"
              + " MB/s); cache files written after %.3f s; wall clock %d-%d ms%n",
          round,
          images,
          bytes,
          seconds,
          bytes / 1e6 / seconds,
          cached,
          startedMillis,
          endedMillis);
    }
  }

  private static void empty(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CacheWarmer() {}
}
