package dev.optlab.dataset.importing;

import dev.optlab.contracts.dataset.Cifar10;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Checks a batch file's record layout and, optionally, its official SHA-1. */
public final class BatchVerifier {
  public static final int OFFICIAL_RECORDS = 10_000;

  /** SHA-1 of the official release's decompressed batch files. */
  public static final Map<String, String> OFFICIAL_SHA1 =
      Map.of(
          "data_batch_1.bin", "aadd24acce27caa71bf4b10992e9e7b2d74c2540",
          "data_batch_2.bin", "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795",
          "data_batch_3.bin", "1dd00a74ab1d17a6e7d73e185b69dbf31242f295",
          "data_batch_4.bin", "aab85764eb3584312d3c7f65fd2fd016e36a258e",
          "data_batch_5.bin", "26e2849e66a845b7f1e4614ae70f4889ae604628",
          "test_batch.bin", "67eb016db431130d61cd03c7ad570b013799c88c");

  /** What each batch file must be: its SHA-1 by name (none: layout only) and record count. */
  public record Expected(Map<String, String> sha1, Integer recordsPerFile) {
    public static final Expected OFFICIAL = new Expected(OFFICIAL_SHA1, OFFICIAL_RECORDS);
    public static final Expected LAYOUT_ONLY = new Expected(Map.of(), null);
  }

  public static void verify(String name, byte[] content, Expected expected) {
    if (content.length == 0 || content.length % Cifar10.RECORD_BYTES != 0) {
      throw new ImportException(
          name
              + ": truncated or padded, "
              + content.length
              + " bytes is not a whole number of "
              + Cifar10.RECORD_BYTES
              + "-byte records");
    }
    int records = content.length / Cifar10.RECORD_BYTES;
    if (expected.recordsPerFile() != null && records != expected.recordsPerFile()) {
      throw new ImportException(
          name
              + ": truncated, has "
              + records
              + " records where "
              + expected.recordsPerFile()
              + " are expected");
    }
    for (int offset = 0, record = 0;
        offset < content.length;
        offset += Cifar10.RECORD_BYTES, record++) {
      int label = content[offset] & 0xff;
      if (label >= Cifar10.CLASSES) {
        throw new ImportException(
            name + ": record " + record + " has label " + label + ", labels must be 0-9");
      }
    }
    String wanted = expected.sha1().get(name);
    if (wanted != null) {
      String sha1 = hex("SHA-1", content);
      if (!sha1.equals(wanted)) {
        throw new ImportException(
            name
                + ": checksum mismatch, SHA-1 is "
                + sha1
                + " but must be "
                + wanted
                + " (corrupt or altered file)");
      }
    }
  }

  public static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private BatchVerifier() {}
}
