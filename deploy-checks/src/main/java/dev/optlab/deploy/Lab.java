package dev.optlab.deploy;

import dev.optlab.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the deployment files must agree with, read from the repository itself: the service
 * modules, the Dockerfile's targets, the contracts' topics and the Grafana dashboards.
 */
public record Lab(
    Path root, Map<String, ServiceModule> modules, Dockerfile dockerfile, Set<String> topics) {

  /** Images the lab builds are named {@code optlab/<Dockerfile target>}. */
  public static final String IMAGE_PREFIX = "optlab/";

  public static final Set<String> MODULES =
      Set.of("api-gateway", "trainer-service", "metrics-service", "dataset-service", "lab-broker");

  /**
   * Variables read by something inside an image other than the service's own code: named here with
   * their reader, so that a Dockerfile ENV or a deployment env var nobody reads still fails.
   */
  public static final Map<String, String> IMAGE_RUNTIME_ENV =
      Map.ofEntries(
          Map.entry("DJL_CACHE_DIR", "DJL: where libtorch is unpacked"),
          Map.entry("DJL_OFFLINE", "DJL: never download at run time"),
          Map.entry("OPT_OUT_TRACKING", "DJL: no usage reporting"),
          Map.entry("PYTORCH_VERSION", "DJL: libtorch version of the GPU image"),
          Map.entry("PYTORCH_FLAVOR", "DJL: libtorch flavour (cpu, cu128)"),
          Map.entry("MALLOC_ARENA_MAX", "glibc malloc"),
          Map.entry("MALLOC_MMAP_THRESHOLD_", "glibc malloc"),
          Map.entry("MALLOC_TRIM_THRESHOLD_", "glibc malloc"),
          Map.entry("NVIDIA_VISIBLE_DEVICES", "NVIDIA container runtime"),
          Map.entry("NVIDIA_DRIVER_CAPABILITIES", "NVIDIA container runtime"));

  /** Images the lab does not build, with the port and HTTP paths they serve. */
  public record ThirdParty(int port, Set<String> paths) {}

  public static final Map<String, ThirdParty> THIRD_PARTY =
      Map.of(
          "prom/prometheus", new ThirdParty(9090, Set.of("/-/ready", "/-/healthy", "/metrics")),
          "grafana/grafana", new ThirdParty(3000, Set.of("/api/health", "/metrics")));

  public static Lab load(Path root) {
    Map<String, ServiceModule> modules = new TreeMap<>();
    for (String name : MODULES) {
      modules.put(name, ServiceModule.load(root, name));
    }
    Set<String> topics =
        Topics.LAYOUT.stream().map(Topics.TopicLayout::name).collect(Collectors.toSet());
    return new Lab(
        root, modules, Dockerfile.parse(ServiceModule.read(root.resolve("Dockerfile"))), topics);
  }

  /** The Dockerfile target an image reference names ({@code optlab/x:tag} → x), if it is ours. */
  public static Optional<String> target(String image) {
    if (image == null || !image.startsWith(IMAGE_PREFIX)) {
      return Optional.empty();
    }
    String rest = image.substring(IMAGE_PREFIX.length());
    int tag = rest.indexOf(':');
    return Optional.of(tag < 0 ? rest : rest.substring(0, tag));
  }

  public static String repository(String image) {
    int slash = image.lastIndexOf('/');
    int tag = image.indexOf(':', slash < 0 ? 0 : slash);
    return tag < 0 ? image : image.substring(0, tag);
  }

  /** The module a Dockerfile target packages: the target itself, or without {@code -gpu}. */
  public Optional<ServiceModule> moduleOf(String target) {
    ServiceModule module = modules.get(target);
    if (module == null && target.endsWith("-gpu")) {
      module = modules.get(target.substring(0, target.length() - "-gpu".length()));
    }
    return Optional.ofNullable(module);
  }

  /**
   * Why {@code env} set on a container of {@code target} is read by something, or empty when
   * nothing in the image reads it.
   */
  public Optional<String> readerOf(String target, String env) {
    Optional<ServiceModule> module = moduleOf(target);
    if (module.isPresent() && module.get().readsEnv(env)) {
      return Optional.of(module.get().name() + " config");
    }
    if (IMAGE_RUNTIME_ENV.containsKey(env)) {
      return Optional.of(IMAGE_RUNTIME_ENV.get(env));
    }
    for (Dockerfile.Stage stage : dockerfile.chain(target)) {
      String uses = "$" + env;
      if (stage.entrypoint().map(e -> e.contains(uses)).orElse(false)
          || stage.runs().stream().anyMatch(r -> r.contains(uses))
          || stage.healthcheck().map(h -> h.contains(uses)).orElse(false)) {
        return Optional.of("the " + stage.name() + " stage's entrypoint");
      }
    }
    return Optional.empty();
  }

  /** The HTTP port a container of {@code target} listens on, given its environment overrides. */
  public Optional<Integer> httpPort(String target, Map<String, String> env) {
    Optional<ServiceModule> module = moduleOf(target);
    if (module.isEmpty()) {
      return Optional.empty();
    }
    ServiceModule m = module.get();
    if (m.httpPort() == null) {
      String broker = dockerfile.env(target).get("KAFKA_PORT");
      return Optional.ofNullable(env.getOrDefault("KAFKA_PORT", broker)).map(Integer::valueOf);
    }
    Map<String, String> merged = new LinkedHashMap<>(dockerfile.env(target));
    merged.putAll(env);
    String value = m.httpPortEnv() == null ? null : merged.get(m.httpPortEnv());
    return Optional.of(value == null ? m.httpPort() : Integer.valueOf(value));
  }

  /** HTTP paths served by an image: our services' from their POMs, third-party from the table. */
  public Set<String> httpPaths(String image) {
    Optional<String> target = target(image);
    if (target.isPresent()) {
      return moduleOf(target.get()).map(ServiceModule::httpPaths).orElse(Set.of());
    }
    ThirdParty known = THIRD_PARTY.get(repository(image));
    return known == null ? Set.of() : known.paths();
  }

  public Map<String, byte[]> dashboards() {
    Path dir = root.resolve("grafana/dashboards");
    try (Stream<Path> files = Files.list(dir)) {
      Map<String, byte[]> dashboards = new TreeMap<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        dashboards.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
