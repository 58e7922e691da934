package dev.optlab.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardCacheTest {
  @TempDir Path cacheDir;

  private static void fetchAll(ShardCache cache, FakeDatasetService service) {
    var manifest = cache.manifest("cifar10");
    manifest
        .splits()
        .values()
        .forEach(
            s ->
                s.shards()
                    .forEach(
                        shard ->
                            assertArrayEquals(
                                service.shards.get(shard.id()),
                                CifarFixtures.bytes(cache.shard("cifar10", shard)),
                                shard.id())));
    cache.awaitWrites(); // cache files are written in the background
  }

  @Test
  void shardsAreFetchedOnceAndReusedByLaterTrainers() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(3, 1, 50)) {
      fetchAll(new ShardCache(cacheDir, service.url()), service);
      assertEquals(4, service.shardDownloads.get());
      fetchAll(new ShardCache(cacheDir, service.url()), service);
      assertEquals(4, service.shardDownloads.get(), "a restarted trainer reads its cache");
    }
  }

  @Test
  void aCorruptedCacheFileIsDetectedAndFetchedAgain() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(2, 1, 50)) {
      ShardCache cache = new ShardCache(cacheDir, service.url());
      fetchAll(cache, service);
      var shard = service.manifest.split("train").shards().get(1);
      Path file = cacheDir.resolve(shard.sha256() + ".bin");
      byte[] bytes = Files.readAllBytes(file);
      bytes[1234] ^= 0x40;
      Files.write(file, bytes);
      assertArrayEquals(
          service.shards.get(shard.id()), CifarFixtures.bytes(cache.shard("cifar10", shard)));
      cache.awaitWrites();
      assertEquals(4, service.shardDownloads.get());
      assertArrayEquals(
          service.shards.get(shard.id()), Files.readAllBytes(file), "the cache file is repaired");
    }
  }

  @Test
  void theCacheServesWhileDatasetServiceIsDown() throws Exception {
    String url;
    FakeDatasetService copy;
    try (FakeDatasetService service = new FakeDatasetService(2, 1, 50)) {
      fetchAll(new ShardCache(cacheDir, service.url()), service);
      url = service.url();
      copy = service;
    }
    ShardCache offline = new ShardCache(cacheDir, url);
    fetchAll(offline, copy);
    assertThrows(
        DatasetUnavailableException.class,
        () -> new ShardCache(cacheDir.resolve("empty"), url).manifest("cifar10"),
        "with neither service nor cache the trainer must say so, as a condition that can pass");
  }

  @Test
  void aDatasetNotImportedYetIsTemporaryAndSaidSo() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(1, 1, 10)) {
      DatasetUnavailableException error =
          assertThrows(
              DatasetUnavailableException.class,
              () -> new ShardCache(cacheDir, service.url()).manifest("cifar100"));
      assertEquals(
          "dataset-service at "
              + service.url()
              + " does not serve cifar100 yet (GET /api/datasets/cifar100/manifest answered HTTP"
              + " 404) and no manifest of cifar100 is cached",
          error.getMessage());
    }
  }

  @Test
  void twoTrainerProcessesShareOneCacheSafely() throws Exception {
    try (FakeDatasetService service = new FakeDatasetService(6, 2, 400)) {
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        processes.add(
            new ProcessBuilder(
                    java,
                    "-cp",
                    classpath,
                    ShardFetchMain.class.getName(),
                    cacheDir.toString(),
                    service.url())
                .redirectErrorStream(true)
                .start());
      }
      for (Process process : processes) {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.trim().endsWith("OK"), output);
      }
      try (Stream<Path> files = Files.list(cacheDir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
        assertEquals(9, names.size(), "8 shards and the manifest, no temporary files: " + names);
      }
      fetchAll(new ShardCache(cacheDir, service.url()), service);
      assertTrue(service.shardDownloads.get() <= 16, "at most one download per shard per process");
    }
  }
}
