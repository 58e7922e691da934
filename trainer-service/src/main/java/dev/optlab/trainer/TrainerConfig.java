package dev.optlab.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "trainer")
public interface TrainerConfig {
  /** This trainer's name in run-status events; default host name and PID. */
  Optional<String> id();

  /** Base URL of dataset-service. */
  @WithDefault("http://127.0.0.1:8083")
  String datasetUrl();

  /** Shard cache, shared safely by the trainers of one host. */
  @WithDefault(".lab/cache")
  Path cacheDir();

  /** Checkpoints, one file per run; share it between trainers so any of them can resume a run. */
  @WithDefault(".lab/checkpoints")
  Path checkpointDir();

  /** Per-layer gradient norms are reported every this many steps (0: never). */
  @WithDefault("50")
  int layerNormsEvery();

  /** auto, cpu or gpu. */
  @WithDefault("auto")
  String device();

  /** Take runs from the share group (off in unit tests, which drive the executor directly). */
  @WithDefault("true")
  boolean consumeRuns();

  /**
   * Dataset loaded into memory right after start-up (and the JIT warm-up of hashing and decoding),
   * so the first run does not wait for it; empty: load at the first run.
   */
  Optional<String> preloadDataset();

  /**
   * How often the lock on the run in progress is renewed (the group's lock lasts an hour): runs of
   * any length keep their record, as long as they make progress between two renewals.
   */
  @WithDefault("10m")
  Duration lockRenewInterval();

  /**
   * A run in progress is also checkpointed when this long has passed since its last checkpoint
   * (epoch ends write one too), so a killed trainer's run loses at most about this much work.
   */
  @WithDefault("5m")
  Duration checkpointInterval();

  /**
   * How long a run waits for an unreachable dataset-service (with nothing cached to train from)
   * before it fails; meanwhile its status says it is waiting.
   */
  @WithDefault("5m")
  Duration datasetWait();

  /** How long one poll of the share group waits for a run request. */
  @WithDefault("1s")
  Duration pollTimeout();
}
