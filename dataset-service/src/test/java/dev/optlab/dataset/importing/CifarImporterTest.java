package dev.optlab.dataset.importing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.dataset.storage.DatasetStore;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CifarImporterTest {
  @TempDir Path dir;
  private DatasetStore store;
  private CifarImporter importer;
  private String goodVersion;

  @BeforeEach
  void importAGoodDatasetFirst() throws Exception {
    store = new DatasetStore(dir.resolve("store"));
    importer = new CifarImporter(store, CifarFixtureFiles.expected(), 100);
    goodVersion =
        importer
            .importFrom(
                CifarFixtureFiles.folder(dir.resolve("plain"), CifarFixtureFiles.batches())
                    .toString())
            .version();
  }

  @Test
  void everyAcceptedFormGivesTheSameDataset() throws Exception {
    Map<String, byte[]> batches = CifarFixtureFiles.batches();
    String gz =
        importer
            .importFrom(CifarFixtureFiles.gzippedFolder(dir.resolve("gz"), batches).toString())
            .version();
    Path tarball = dir.resolve("cifar-10-binary.tar.gz");
    Files.write(tarball, CifarFixtureFiles.tarball(batches, "cifar-10-batches-bin/"));
    String tar = importer.importFrom(tarball.toString()).version();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = Files.readAllBytes(tarball);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz";
      assertEquals(goodVersion, importer.importFrom(url).version());
    } finally {
      server.stop(0);
    }
    assertEquals(goodVersion, gz);
    assertEquals(goodVersion, tar);
  }

  @Test
  void manifestDescribesShardsAndNormalization() {
    DatasetManifest manifest = store.current().orElseThrow().manifest();
    assertEquals(5 * CifarFixtureFiles.TRAIN_RECORDS, manifest.split("train").records());
    assertEquals(6, manifest.split("train").shards().size());
    assertEquals(100, manifest.split("train").shards().get(0).records());
    assertEquals(100 * Cifar10.RECORD_BYTES, manifest.split("train").shards().get(0).bytes());
    assertEquals(10, manifest.split("train").shards().get(0).classCounts().get(3));
    assertEquals(CifarFixtureFiles.TEST_RECORDS, manifest.split("test").records());
    assertEquals(3, manifest.channelMean().size());
    assertTrue(manifest.channelMean().get(0) > 0.2 && manifest.channelMean().get(0) < 0.8);
    assertTrue(manifest.channelStd().get(2) > 0.01);
  }

  @Test
  void concatenatedShardsReproduceTheImportedRecordsByteForByte() throws Exception {
    DatasetStore.Served served = store.current().orElseThrow();
    for (String split : new String[] {"train", "test"}) {
      ByteArrayOutputStream shards = new ByteArrayOutputStream();
      for (var shard : served.manifest().split(split).shards()) {
        byte[] bytes = Files.readAllBytes(served.shard(shard.id()).orElseThrow());
        assertEquals(shard.sha256(), BatchVerifier.hex("SHA-256", bytes));
        shards.write(bytes);
      }
      ByteArrayOutputStream original = new ByteArrayOutputStream();
      CifarFixtureFiles.batches()
          .forEach(
              (name, content) -> {
                if (split.equals("test") == name.equals("test_batch.bin")) {
                  original.writeBytes(content);
                }
              });
      assertArrayEquals(original.toByteArray(), shards.toByteArray(), split);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "flipped byte|data_batch_3.bin: checksum mismatch",
        "truncated file|data_batch_2.bin: truncated or padded",
        "label above 9|data_batch_4.bin: record 7 has label 12, labels must be 0-9",
        "missing batch file|data_batch_5.bin: missing from",
      })
  void brokenFolderIsRejectedAndTheServedDatasetStays(String breakage, String message)
      throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>(CifarFixtureFiles.batches());
    UnaryOperator<byte[]> copy = b -> b.clone();
    switch (breakage) {
      case "flipped byte" ->
          files.computeIfPresent(
              "data_batch_3.bin",
              (k, v) -> {
                byte[] c = copy.apply(v);
                c[5000] ^= 0x01;
                return c;
              });
      case "truncated file" ->
          files.computeIfPresent(
              "data_batch_2.bin", (k, v) -> java.util.Arrays.copyOf(v, v.length - 100));
      case "label above 9" ->
          files.computeIfPresent(
              "data_batch_4.bin",
              (k, v) -> {
                byte[] c = copy.apply(v);
                c[7 * Cifar10.RECORD_BYTES] = 12;
                return c;
              });
      case "missing batch file" -> files.remove("data_batch_5.bin");
      default -> throw new IllegalArgumentException(breakage);
    }
    String source = CifarFixtureFiles.folder(dir.resolve("broken"), files).toString();
    ImportException rejected =
        assertThrows(ImportException.class, () -> importer.importFrom(source));
    assertTrue(rejected.getMessage().startsWith(message), rejected.getMessage());
    assertEquals(goodVersion, store.current().orElseThrow().manifest().version());
    assertEquals(
        goodVersion,
        new DatasetStore(dir.resolve("store")).current().orElseThrow().manifest().version(),
        "a restarted service serves the same dataset");
  }

  @Test
  void tarballWithTheWrongLayoutIsRejected() throws Exception {
    Path tarball = dir.resolve("flat.tar.gz");
    Files.write(tarball, CifarFixtureFiles.tarball(CifarFixtureFiles.batches(), "other-folder/"));
    ImportException rejected =
        assertThrows(ImportException.class, () -> importer.importFrom(tarball.toString()));
    assertTrue(
        rejected
            .getMessage()
            .contains("wrong layout, cifar-10-batches-bin/data_batch_1.bin is missing"),
        rejected.getMessage());
    assertEquals(goodVersion, store.current().orElseThrow().manifest().version());
  }

  @Test
  void notATarballIsRejected() throws Exception {
    Path junk = dir.resolve("junk.tar.gz");
    Files.writeString(junk, "not gzip at all");
    ImportException rejected =
        assertThrows(ImportException.class, () -> importer.importFrom(junk.toString()));
    assertTrue(
        rejected.getMessage().contains("not a gzip-compressed tarball"), rejected.getMessage());
  }
}
