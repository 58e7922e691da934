package dev.optlab.trainer.data;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Fetches a dataset's shards from dataset-service once into a folder named by content hash,
 * verifies each against the manifest's SHA-256, and reuses them across runs and restarts. A file is
 * written under a unique temporary name and renamed into place atomically, so trainers sharing the
 * folder never read a partial shard. The last manifest is kept too, so a trainer can train from its
 * cache while dataset-service is down.
 */
public final class ShardCache {
  private static final Logger LOG = Logger.getLogger(ShardCache.class);

  private static final int RECEIVE_PIECE = 64 * 1024;

  private final Path folder;
  private final String baseUrl;
  // Cache files are written off the loading path: the bytes are verified and in memory already.
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "shard-cache-writer");
            thread.setDaemon(true);
            return thread;
          });
  private final Queue<Future<?>> pendingWrites = new ConcurrentLinkedQueue<>();
  private final Queue<Map.Entry<Path, ByteBuffer>> unwritten = new ConcurrentLinkedQueue<>();

  public ShardCache(Path folder, String baseUrl) {
    this.folder = folder;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public DatasetManifest manifest(String dataset) {
    Path cached = folder.resolve(dataset + ".manifest.json");
    try {
      byte[] body;
      try (InputStream in = open("/api/datasets/" + dataset + "/manifest").getInputStream()) {
        body = in.readAllBytes();
      }
      DatasetManifest manifest =
          Json.read(new String(body, StandardCharsets.UTF_8), DatasetManifest.class);
      writeAtomically(cached, ByteBuffer.wrap(body)); // the bytes as served, not re-encoded
      return manifest;
    } catch (IOException e) {
      if (Files.isRegularFile(cached)) {
        LOG.warnf(
            "dataset-service unreachable (%s): training from the cached manifest", e.getMessage());
        try {
          return Json.read(Files.readString(cached), DatasetManifest.class);
        } catch (IOException readError) {
          throw new UncheckedIOException(readError);
        }
      }
      String message =
          (e instanceof NotServedYet
                  ? "dataset-service at "
                      + baseUrl
                      + " does not serve "
                      + dataset
                      + " yet ("
                      + e.getMessage()
                      + ")"
                  : "dataset-service at " + baseUrl + " is unreachable")
              + " and no manifest of "
              + dataset
              + " is cached";
      throw DatasetUnavailableException.isTemporary(e)
          ? new DatasetUnavailableException(message, e)
          : new UncheckedIOException(message, e);
    }
  }

  /**
   * dataset-service answered, but has not imported the dataset yet (404) or is not ready (503): in
   * a fresh deployment trainers can start before the import has finished.
   */
  static final class NotServedYet extends IOException {
    NotServedYet(String message) {
      super(message);
    }
  }

  /**
   * The verified bytes of a shard, from the cache or fetched into it, in off-heap memory: a trainer
   * keeps every shard for its whole life, and on the heap the shards of a first load would be
   * copied from the young generation to the old one while the load is still running.
   */
  public ByteBuffer shard(String dataset, ShardInfo shard) {
    Path file = folder.resolve(shard.sha256() + ".bin");
    try {
      if (Files.isRegularFile(file) && Files.size(file) == shard.bytes()) {
        try (InputStream in = Files.newInputStream(file)) {
          return receive(in, shard);
        } catch (CorruptShard e) {
          LOG.warnf("cached shard %s is corrupt: fetching it again", shard.id());
        }
      }
      ByteBuffer fetched = fetch("/api/datasets/" + dataset + "/shards/" + shard.id(), shard);
      unwritten.add(Map.entry(file, fetched));
      return fetched;
    } catch (IOException e) {
      if (DatasetUnavailableException.isTemporary(e)) {
        throw new DatasetUnavailableException(
            "shard " + shard.id() + " could not be fetched from " + baseUrl + ": " + e, e);
      }
      throw new UncheckedIOException(e);
    }
  }

  private ByteBuffer fetch(String path, ShardInfo shard) throws IOException {
    try (InputStream in = open(path).getInputStream()) {
      return receive(in, shard);
    }
  }

  private HttpURLConnection open(String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(120_000);
    int status = connection.getResponseCode();
    if (status == 404 || status == 503) {
      throw new NotServedYet("GET " + path + " answered HTTP " + status);
    }
    if (status != 200) {
      throw new IOException("GET " + path + " answered HTTP " + status);
    }
    return connection;
  }

  /** The bytes of a shard's SHA-256 did not match its manifest. */
  private static final class CorruptShard extends IOException {
    CorruptShard(String message) {
      super(message);
    }
  }

  /**
   * Reads exactly a shard's manifest size from {@code in} into fresh off-heap memory, hashing each
   * piece as it arrives (while it is still in the CPU's cache), and checks the hash.
   */
  private static ByteBuffer receive(InputStream in, ShardInfo shard) throws IOException {
    return receiveInto(ByteBuffer.allocateDirect(Math.toIntExact(shard.bytes())), in, shard);
  }

  /** As {@link #receive}, into {@code body} (cleared, of the shard's size). */
  private static ByteBuffer receiveInto(ByteBuffer body, InputStream in, ShardInfo shard)
      throws IOException {
    byte[] piece = new byte[RECEIVE_PIECE];
    MessageDigest digest = newSha256();
    while (body.hasRemaining()) {
      int read = in.read(piece, 0, Math.min(piece.length, body.remaining()));
      if (read < 0) {
        throw new SocketException(
            "the connection ended after " + body.position() + " of " + body.limit() + " bytes");
      }
      digest.update(piece, 0, read);
      body.put(piece, 0, read);
    }
    if (in.read() != -1) {
      throw new IOException(
          "shard " + shard.id() + " arrived with more than its " + body.limit() + " bytes");
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(shard.sha256())) {
      throw new CorruptShard(
          "shard "
              + shard.id()
              + " arrived with SHA-256 "
              + actual
              + ", manifest says "
              + shard.sha256());
    }
    return body.flip();
  }

  /** Starts writing every shard fetched so far to the cache folder, in the background. */
  public void persistFetched() {
    for (Map.Entry<Path, ByteBuffer> shard; (shard = unwritten.poll()) != null; ) {
      Path file = shard.getKey();
      ByteBuffer content = shard.getValue();
      pendingWrites.add(writer.submit(() -> writeQuietly(file, content)));
    }
  }

  /** Waits until every shard fetched so far is in the cache folder. */
  public void awaitWrites() {
    persistFetched();
    for (Future<?> write; (write = pendingWrites.poll()) != null; ) {
      try {
        write.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.warnf("a cache write failed: %s", e.getCause().getMessage());
      }
    }
  }

  private Void writeQuietly(Path file, ByteBuffer content) {
    try {
      writeAtomically(file, content);
    } catch (IOException e) {
      // the shard is verified and in memory; a missing cache file only means a later fetch
      LOG.warnf("could not cache %s: %s", file.getFileName(), e.getMessage());
    }
    return null;
  }

  private void writeAtomically(Path target, ByteBuffer content) throws IOException {
    Files.createDirectories(folder);
    Path temporary = folder.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (ByteBuffer remaining = content.duplicate(); remaining.hasRemaining(); ) {
        channel.write(remaining);
      }
    }
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Runs the receiving, hashing and decoding of a shard over generated records until the JIT has
   * compiled them, so a trainer's first real load does not pay for it.
   */
  public static void warmUp() {
    byte[] records = dev.optlab.contracts.dataset.SyntheticCifar.records(2000, 1);
    ShardInfo shard =
        new ShardInfo(
            "warm-up",
            records.length / Cifar10.RECORD_BYTES,
            records.length,
            sha256(records),
            List.of());
    // One buffer for every round: fresh memory is part of what a real load pays for, so the
    // warm-up must not leave freed memory behind for the load to reuse.
    ByteBuffer body = ByteBuffer.allocateDirect(records.length);
    for (int i = 0; i < 40; i++) {
      try {
        body.clear();
        CifarImages.fromRecords(
            List.of(receiveInto(body, new ByteArrayInputStream(records), shard)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String sha256(byte[] content) {
    return HexFormat.of().formatHex(newSha256().digest(content));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
