package dev.optlab.dataset.storage;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import dev.optlab.contracts.dataset.DatasetManifest.SplitManifest;
import dev.optlab.dataset.importing.BatchVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Imported datasets on disk: {@code <store>/<name>/<version>/} holds {@code manifest.json} and the
 * shard files; {@code <store>/<name>/CURRENT} names the version served. A new version is written
 * beside the old one and made current by an atomic rename, so a failed import never changes what is
 * served.
 */
public final class DatasetStore {
  private final Path root;
  private volatile Served current;

  public record Served(DatasetManifest manifest, Path folder) {
    public Optional<Path> shard(String id) {
      return manifest.splits().values().stream()
          .flatMap(s -> s.shards().stream())
          .filter(s -> s.id().equals(id))
          .findFirst()
          .map(s -> folder.resolve(id + ".bin"));
    }

    public Optional<ShardInfo> shardInfo(String id) {
      return manifest.splits().values().stream()
          .flatMap(s -> s.shards().stream())
          .filter(s -> s.id().equals(id))
          .findFirst();
    }
  }

  public DatasetStore(Path root) {
    this.root = root;
    this.current = loadCurrent(Cifar10.NAME).orElse(null);
  }

  public Optional<Served> current() {
    return Optional.ofNullable(current);
  }

  /** Writes verified batch files as a new version and serves it. */
  public DatasetManifest store(
      String source, List<byte[]> trainFiles, byte[] testFile, int shardSize) {
    Path datasetDir = root.resolve(Cifar10.NAME);
    Path staging = datasetDir.resolve(".importing-" + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
      Map<String, SplitManifest> splits = new LinkedHashMap<>();
      splits.put(
          DatasetManifest.TRAIN,
          writeShards(staging, DatasetManifest.TRAIN, trainFiles, shardSize));
      splits.put(
          DatasetManifest.TEST,
          writeShards(staging, DatasetManifest.TEST, List.of(testFile), shardSize));
      ChannelStats stats = ChannelStats.of(trainFiles);
      StringBuilder hashes = new StringBuilder();
      splits.values().forEach(s -> s.shards().forEach(sh -> hashes.append(sh.sha256())));
      String version =
          BatchVerifier.hex("SHA-256", hashes.toString().getBytes(StandardCharsets.US_ASCII))
              .substring(0, 16);
      DatasetManifest manifest =
          new DatasetManifest(
              1,
              Cifar10.NAME,
              version,
              Instant.now(),
              source,
              Cifar10.RECORD_BYTES,
              Cifar10.CLASS_NAMES,
              stats.mean(),
              stats.std(),
              splits);
      Files.writeString(staging.resolve("manifest.json"), Json.write(manifest));
      Path target = datasetDir.resolve(version);
      if (Files.exists(target)) {
        deleteRecursively(staging);
      } else {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
      Path pointer = datasetDir.resolve("CURRENT.tmp");
      Files.writeString(pointer, version);
      Files.move(
          pointer,
          datasetDir.resolve("CURRENT"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      current = new Served(readManifest(target), target);
      return current.manifest();
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  private static SplitManifest writeShards(
      Path folder, String split, List<byte[]> files, int shardSize) throws IOException {
    int recordBytes = Cifar10.RECORD_BYTES;
    int total = files.stream().mapToInt(f -> f.length / recordBytes).sum();
    byte[] all = new byte[total * recordBytes];
    int offset = 0;
    for (byte[] file : files) {
      System.arraycopy(file, 0, all, offset, file.length);
      offset += file.length;
    }
    List<ShardInfo> shards = new ArrayList<>();
    for (int start = 0, index = 0; start < total; start += shardSize, index++) {
      int records = Math.min(shardSize, total - start);
      byte[] shard =
          java.util.Arrays.copyOfRange(all, start * recordBytes, (start + records) * recordBytes);
      String id = String.format("%s-%03d", split, index);
      Files.write(folder.resolve(id + ".bin"), shard);
      List<Integer> classCounts =
          new ArrayList<>(java.util.Collections.nCopies(Cifar10.CLASSES, 0));
      for (int r = 0; r < records; r++) {
        int label = shard[r * recordBytes];
        classCounts.set(label, classCounts.get(label) + 1);
      }
      shards.add(
          new ShardInfo(
              id, records, shard.length, BatchVerifier.hex("SHA-256", shard), classCounts));
    }
    return new SplitManifest(total, shards);
  }

  private Optional<Served> loadCurrent(String name) {
    Path pointer = root.resolve(name).resolve("CURRENT");
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    try {
      Path folder = root.resolve(name).resolve(Files.readString(pointer).trim());
      return Optional.of(new Served(readManifest(folder), folder));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DatasetManifest readManifest(Path folder) throws IOException {
    return Json.read(Files.readString(folder.resolve("manifest.json")), DatasetManifest.class);
  }

  private static void deleteQuietly(Path folder) {
    try {
      deleteRecursively(folder);
    } catch (IOException ignored) {
      // a leftover staging folder is harmless: it is never served
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
