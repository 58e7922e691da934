package dev.optlab.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitLoaderTest {
  private static final int R = Cifar10.RECORD_BYTES;

  @TempDir Path cacheDir;

  /** The records of a split's shards, concatenated in manifest order. */
  private static byte[] records(FakeDatasetService service, String split) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    service.manifest.split(split).shards().forEach(s -> all.writeBytes(service.shards.get(s.id())));
    return all.toByteArray();
  }

  private static void assertImages(byte[] expected, CifarImages images, String split) {
    assertEquals(expected.length / R, images.size(), split + " size");
    for (int i = 0; i < images.size(); i++) {
      assertEquals(expected[i * R], images.label(i), split + " label of image " + i);
      assertArrayEquals(
          Arrays.copyOfRange(expected, i * R + 1, (i + 1) * R),
          CifarFixtures.pixels(images, i),
          split + " pixels of image " + i);
    }
  }

  @Test
  void eachSplitHoldsItsShardsImagesInManifestOrder() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(5, 2, 40)) {
      ShardCache cache = new ShardCache(cacheDir, service.url());
      DatasetManifest manifest = cache.manifest("cifar10");

      CifarImages train = SplitLoader.load(cache, manifest, DatasetManifest.TRAIN);
      CifarImages test = SplitLoader.load(cache, manifest, DatasetManifest.TEST);

      assertImages(records(service, "train"), train, "train");
      assertImages(records(service, "test"), test, "test");
      assertEquals(7, service.shardDownloads.get(), "every shard fetched once");
    }
  }

  @Test
  void aShardThatDoesNotMatchItsManifestFailsTheLoadNamingIt() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(3, 1, 20)) {
      ShardCache cache = new ShardCache(cacheDir, service.url());
      DatasetManifest manifest = cache.manifest("cifar10");
      byte[] served = service.shards.get("test-000").clone();
      served[5] ^= 1;
      service.shards.put("test-000", served);

      UncheckedIOException error =
          assertThrows(
              UncheckedIOException.class,
              () -> SplitLoader.load(cache, manifest, DatasetManifest.TEST));
      assertTrue(
          error.getMessage().contains("shard test-000 arrived with SHA-256"), error.getMessage());
    }
  }
}
