package dev.optlab.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The repository under test, and copies of its deployment folders to plant mistakes in. */
final class Fixtures {
  static final Path ROOT =
      Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();
  static final Path TOOLS =
      Path.of(System.getProperty("tools.dir", "target/tools")).toAbsolutePath();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Lab lab() {
    return Lab.load(ROOT);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    try {
      return YAML.readValue(text, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> yaml(Path file) {
    return yaml(ServiceModule.read(file));
  }

  /** k8s/ and grafana/ copied into {@code dir}, with the example secrets filled in. */
  static Path copyOfDeployment(Path dir) {
    copyTree(ROOT.resolve("k8s"), dir.resolve("k8s"));
    copyTree(ROOT.resolve("grafana"), dir.resolve("grafana"));
    try {
      Files.copy(
          dir.resolve("k8s/base/secrets.env.example"),
          dir.resolve("k8s/base/secrets.env"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  static String render(Path copy, String overlay) {
    Tools.Result result =
        Tools.kustomizeBuild(TOOLS, copy.resolve("k8s/overlays").resolve(overlay));
    if (!result.ok()) {
      throw new AssertionError("kustomize build " + overlay + " failed: " + result.stderr());
    }
    return result.stdout();
  }

  static void replaceIn(Path file, String from, String to) {
    String text = ServiceModule.read(file);
    if (!text.contains(from)) {
      throw new AssertionError(
          file + " does not contain '" + from + "': the planted mistake would plant nothing");
    }
    try {
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rendered object of that type whose name starts with {@code name} (generated ones carry a
   * hash).
   */
  static <T extends HasMetadata> T object(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().startsWith(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + "/" + name));
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Fixtures() {}
}
