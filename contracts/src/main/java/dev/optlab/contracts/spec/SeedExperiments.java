package dev.optlab.contracts.spec;

import dev.optlab.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The six built-in experiments of the seed, runnable by name. */
public final class SeedExperiments {
  public static final List<String> NAMES =
      List.of("optimizers", "adam-lr", "schedules", "init", "batchnorm", "clipping");

  public static Optional<ExperimentSpec> named(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in = SeedExperiments.class.getResourceAsStream("/seeds/" + name + ".yaml")) {
      return Optional.of(Json.YAML.readValue(in, ExperimentSpec.class));
    } catch (IOException e) {
      throw new UncheckedIOException("built-in experiment " + name + " is unreadable", e);
    }
  }

  private SeedExperiments() {}
}
