package dev.optlab.trainer.data;

import java.nio.file.Path;

/** Fetches every shard of cifar10 into a cache: the second process of the sharing test. */
public final class ShardFetchMain {
  public static void main(String[] args) {
    ShardCache cache = new ShardCache(Path.of(args[0]), args[1]);
    var manifest = cache.manifest("cifar10");
    manifest
        .splits()
        .values()
        .forEach(
            split ->
                split
                    .shards()
                    .forEach(
                        shard -> {
                          byte[] bytes = CifarFixtures.bytes(cache.shard("cifar10", shard));
                          if (!ShardCache.sha256(bytes).equals(shard.sha256())) {
                            throw new IllegalStateException("wrong bytes for " + shard.id());
                          }
                        }));
    cache.awaitWrites();
    System.out.println("OK");
  }

  private ShardFetchMain() {}
}
