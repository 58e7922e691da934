package dev.optlab.dataset.importing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;

/**
 * Reads the six CIFAR-10 batch files from where the user keeps them: a folder of {@code .bin} or
 * {@code .bin.gz} files, the official {@code cifar-10-binary.tar.gz} (path or http(s) URL).
 */
public final class CifarSource {
  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  public static final String TEST_FILE = "test_batch.bin";
  public static final List<String> ALL_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin",
          TEST_FILE);

  private static final Logger LOG = Logger.getLogger(CifarSource.class);
  private static final String TAR_FOLDER = "cifar-10-batches-bin/";

  /** Returns the batch files' bytes by name, in {@link #ALL_FILES} order. */
  public static Map<String, byte[]> read(String source) {
    try {
      if (source.startsWith("http://") || source.startsWith("https://")) {
        return readTarball(download(source), source);
      }
      Path path = Path.of(source);
      if (Files.isDirectory(path)) {
        return readFolder(path);
      }
      if (Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return readTarball(in, source);
        }
      }
      throw new ImportException(source + ": no such file or folder");
    } catch (IOException e) {
      throw new ImportException(source + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static Map<String, byte[]> readFolder(Path folder) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : ALL_FILES) {
      Path plain = folder.resolve(name);
      Path gzipped = folder.resolve(name + ".gz");
      if (Files.isRegularFile(plain)) {
        files.put(name, Files.readAllBytes(plain));
      } else if (Files.isRegularFile(gzipped)) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped), 1 << 16)) {
          files.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new ImportException(
              name + ".gz: not a valid gzip file (" + e.getMessage() + ")", e);
        }
      } else {
        throw new ImportException(
            name + ": missing from " + folder + " (neither " + name + " nor " + name + ".gz)");
      }
      LOG.infof("read %s (%d bytes)", name, files.get(name).length);
    }
    return files;
  }

  /** A minimal ustar reader: enough for the official tarball, which holds plain files. */
  private static Map<String, byte[]> readTarball(InputStream raw, String source)
      throws IOException {
    Map<String, byte[]> found = new LinkedHashMap<>();
    InputStream in;
    try {
      in = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
    } catch (IOException e) {
      throw new ImportException(source + ": not a gzip-compressed tarball", e);
    }
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size =
          Long.parseLong(
              field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      char type = (char) header[156];
      byte[] content = in.readNBytes((int) size);
      if (content.length != size) {
        throw new ImportException(source + ": truncated tarball inside " + name);
      }
      in.skipNBytes((512 - size % 512) % 512);
      String base = name.startsWith(TAR_FOLDER) ? name.substring(TAR_FOLDER.length()) : null;
      if ((type == '0' || type == 0) && base != null && ALL_FILES.contains(base)) {
        found.put(base, content);
        LOG.infof("read %s from the tarball (%d bytes)", base, size);
      }
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    for (String name : ALL_FILES) {
      if (!found.containsKey(name)) {
        throw new ImportException(
            source + ": wrong layout, " + TAR_FOLDER + name + " is missing from the tarball");
      }
      ordered.put(name, found.get(name));
    }
    return ordered;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static InputStream download(String url) throws IOException {
    LOG.infof("downloading %s", url);
    try {
      HttpResponse<InputStream> response =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new ImportException(url + ": download failed with HTTP " + response.statusCode());
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new ProgressInputStream(response.body(), total, url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportException(url + ": download interrupted", e);
    }
  }

  private static final class ProgressInputStream extends java.io.FilterInputStream {
    private final long total;
    private final String url;
    private long read;
    private long lastReport;

    ProgressInputStream(InputStream in, long total, String url) {
      super(in);
      this.total = total;
      this.url = url;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read += n;
        if (read - lastReport > 16 << 20) {
          lastReport = read;
          LOG.infof(
              "downloading %s: %d MB%s",
              url, read >> 20, total > 0 ? " of " + (total >> 20) + " MB" : "");
        }
      }
      return n;
    }
  }

  private CifarSource() {}
}
