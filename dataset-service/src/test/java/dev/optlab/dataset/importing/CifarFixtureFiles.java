package dev.optlab.dataset.importing;

import dev.optlab.contracts.dataset.SyntheticCifar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Generated CIFAR-10 batch files in every form the importer accepts, and broken variants. */
public final class CifarFixtureFiles {
  public static final int TRAIN_RECORDS = 120;
  public static final int TEST_RECORDS = 80;

  /** The six batch files by name, as an official release would hold them. */
  public static Map<String, byte[]> batches() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 1; i <= 5; i++) {
      files.put("data_batch_" + i + ".bin", SyntheticCifar.records(TRAIN_RECORDS, 10 + i));
    }
    files.put("test_batch.bin", SyntheticCifar.records(TEST_RECORDS, 99));
    return files;
  }

  /** Checksums and counts of {@link #batches()}: what the importer must insist on. */
  public static BatchVerifier.Expected expected() {
    Map<String, String> sha1 = new HashMap<>();
    batches().forEach((name, content) -> sha1.put(name, BatchVerifier.hex("SHA-1", content)));
    return new BatchVerifier.Expected(sha1, null);
  }

  public static Path folder(Path dir, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(dir);
    for (var file : files.entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
    return dir;
  }

  public static Path gzippedFolder(Path dir, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(dir);
    for (var file : files.entrySet()) {
      try (OutputStream out =
          new GZIPOutputStream(Files.newOutputStream(dir.resolve(file.getKey() + ".gz")))) {
        out.write(file.getValue());
      }
    }
    return dir;
  }

  /**
   * A {@code .tar.gz} with each file under {@code prefix} (the official one:
   * cifar-10-batches-bin/).
   */
  public static byte[] tarball(Map<String, byte[]> files, String prefix) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(header(prefix, 0, '5'));
      for (var file : files.entrySet()) {
        out.write(header(prefix + file.getKey(), file.getValue().length, '0'));
        out.write(file.getValue());
        out.write(new byte[(int) ((512 - file.getValue().length % 512) % 512)]);
      }
      out.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(String name, long size, char type) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, String.format("%011o", 0));
    header[156] = (byte) type;
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    return header;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private CifarFixtureFiles() {}
}
