package dev.optlab.trainer.data;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
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
  private final Queue<Map.Entry<Path, byte[]>> unwritten = new ConcurrentLinkedQueue<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ShardCache(Path folder, String baseUrl) {
    this.folder = folder;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public DatasetManifest manifest(String dataset) {
    Path cached = folder.resolve(dataset + ".manifest.json");
    try {
      String body =
          get("/api/datasets/" + dataset + "/manifest", HttpResponse.BodyHandlers.ofString());
      DatasetManifest manifest = Json.read(body, DatasetManifest.class);
      writeAtomically(cached, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

  /** The verified bytes of a shard, from the cache or fetched into it. */
  public byte[] shard(String dataset, ShardInfo shard) {
    Path file = folder.resolve(shard.sha256() + ".bin");
    try {
      if (Files.isRegularFile(file)) {
        byte[] cached = Files.readAllBytes(file);
        if (sha256(cached).equals(shard.sha256())) {
          return cached;
        }
        LOG.warnf("cached shard %s is corrupt: fetching it again", shard.id());
      }
      byte[] fetched = fetch("/api/datasets/" + dataset + "/shards/" + shard.id(), shard);
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

  /** Streams a shard into an array of its manifest size, hashing as the bytes arrive. */
  private byte[] fetch(String path, ShardInfo shard) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(120_000);
    if (connection.getResponseCode() != 200) {
      throw new IOException("GET " + path + " answered HTTP " + connection.getResponseCode());
    }
    byte[] body = new byte[Math.toIntExact(shard.bytes())];
    MessageDigest digest = newSha256();
    int length = 0;
    try (InputStream in = connection.getInputStream()) {
      while (length < body.length) {
        int read = in.read(body, length, Math.min(1 << 20, body.length - length));
        if (read < 0) {
          break;
        }
        digest.update(body, length, read);
        length += read;
      }
      if (length < body.length) {
        throw new SocketException(
            "the connection ended after " + length + " of " + body.length + " bytes");
      }
      if (in.read() != -1) {
        throw new IOException(
            "shard " + shard.id() + " arrived with more than its " + body.length + " bytes");
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(shard.sha256())) {
      throw new IOException(
          "shard "
              + shard.id()
              + " arrived with SHA-256 "
              + actual
              + ", manifest says "
              + shard.sha256());
    }
    return body;
  }

  /** Starts writing every shard fetched so far to the cache folder, in the background. */
  public void persistFetched() {
    for (Map.Entry<Path, byte[]> shard; (shard = unwritten.poll()) != null; ) {
      Path file = shard.getKey();
      byte[] content = shard.getValue();
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

  private Void writeQuietly(Path file, byte[] content) {
    try {
      writeAtomically(file, content);
    } catch (IOException e) {
      // the shard is verified and in memory; a missing cache file only means a later fetch
      LOG.warnf("could not cache %s: %s", file.getFileName(), e.getMessage());
    }
    return null;
  }

  private <T> T get(String path, HttpResponse.BodyHandler<T> handler) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(2)).build();
    try {
      HttpResponse<T> response = http.send(request, handler);
      if (response.statusCode() == 404 || response.statusCode() == 503) {
        throw new NotServedYet("GET " + path + " answered HTTP " + response.statusCode());
      }
      if (response.statusCode() != 200) {
        throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(folder);
    Path temporary = folder.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.write(temporary, content);
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Runs the hashing and decoding of a shard over generated records until the JIT has compiled
   * them, so a trainer's first real load does not pay for it.
   */
  public static void warmUp() {
    byte[] shard = dev.optlab.contracts.dataset.SyntheticCifar.records(2000, 1);
    for (int i = 0; i < 40; i++) {
      MessageDigest digest = newSha256();
      for (int offset = 0; offset < shard.length; offset += 1 << 16) {
        digest.update(shard, offset, Math.min(1 << 16, shard.length - offset));
      }
      digest.digest();
      CifarImages.fromRecords(shard);
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
