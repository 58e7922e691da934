package dev.optlab.contracts.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What dataset-service serves: the splits ({@code train}, {@code test}) cut into shards, each with
 * its SHA-256, and the per-channel normalization constants of the training split. A shard is a run
 * of records in the CIFAR-10 binary layout: 1 label byte, then 1,024 red, 1,024 green and 1,024
 * blue bytes (32x32 row-major planes). {@code version} is the SHA-256 of the shard hashes in order,
 * so equal versions mean equal bytes.
 */
public record DatasetManifest(
    int schemaVersion,
    String name,
    String version,
    Instant importedAt,
    String source,
    int recordBytes,
    List<String> classes,
    List<Double> channelMean,
    List<Double> channelStd,
    Map<String, SplitManifest> splits) {

  public static final String TRAIN = "train";
  public static final String TEST = "test";

  public record SplitManifest(int records, List<ShardInfo> shards) {}

  public record ShardInfo(
      String id, int records, long bytes, String sha256, List<Integer> classCounts) {}

  public SplitManifest split(String split) {
    SplitManifest manifest = splits.get(split);
    if (manifest == null) {
      throw new IllegalArgumentException("dataset " + name + " has no split " + split);
    }
    return manifest;
  }
}
