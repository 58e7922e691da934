package dev.optlab.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "dataset")
public interface DatasetConfig {
  /**
   * Where CIFAR-10 comes from at start-up: a folder of {@code .bin}/{@code .bin.gz} files, a {@code
   * cifar-10-binary.tar.gz} path, or an http(s) URL of one. Empty: serve what is stored.
   */
  Optional<String> source();

  /** Where imported datasets are kept, one folder per version. */
  @WithDefault(".lab/datasets")
  Path storeDir();

  /** Records per shard. */
  @WithDefault("5000")
  int shardSize();

  /** Reject batch files whose SHA-1 differs from the official release (off for fixtures). */
  @WithDefault("true")
  boolean requireOfficialChecksums();
}
