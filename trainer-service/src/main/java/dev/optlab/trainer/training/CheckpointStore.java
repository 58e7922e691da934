package dev.optlab.trainer.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The latest checkpoint of each run, one file per run, replaced atomically at each new one (epoch
 * ends, releases, the checkpoint interval). On a volume shared by the trainers (a host folder, a
 * Kubernetes volume) a trainer that picks up a dead trainer's run resumes it from there.
 */
public final class CheckpointStore {
  private final Path root;

  public CheckpointStore(Path root) {
    this.root = root;
  }

  public Optional<Checkpoint> latest(String runId) {
    Path file = file(runId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      return Optional.of(Checkpoint.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint of " + runId + " is unreadable", e);
    }
  }

  public void save(String runId, Checkpoint checkpoint) {
    try {
      Files.createDirectories(root);
      Path temporary = root.resolve(runId + "." + UUID.randomUUID() + ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
        checkpoint.write(out);
      }
      Files.move(
          temporary,
          file(runId),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of " + runId, e);
    }
  }

  public void delete(String runId) {
    try {
      Files.deleteIfExists(file(runId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String runId) {
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("unsafe run id " + runId);
    }
    return root.resolve(runId + ".ckpt");
  }
}
