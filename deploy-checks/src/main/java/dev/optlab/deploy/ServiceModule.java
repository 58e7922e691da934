package dev.optlab.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one Maven module of the lab reads from its environment and serves, taken from its own
 * sources: {@code application.properties} (keys and {@code ${ENV:default}} placeholders), its
 * {@code @ConfigMapping} interfaces, {@code System.getenv} calls, and the health/metrics extensions
 * in its POM.
 */
public record ServiceModule(
    String name,
    Set<String> configKeys,
    Set<String> placeholderEnv,
    Set<String> getenvNames,
    Set<String> topics,
    Integer httpPort,
    String httpPortEnv,
    Set<String> httpPaths) {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
  private static final Pattern CONFIG_MAPPING =
      Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
  private static final Pattern MAPPING_METHOD =
      Pattern.compile("^\\s+[\\w<>, .?]+\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
  private static final Pattern GETENV = Pattern.compile("(?:getenv|env)\\(\"([A-Z][A-Z0-9_]*)\"");

  /** The environment variable MicroProfile Config maps onto {@code key}. */
  public static String envName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** True when setting {@code env} in this module's environment changes something it reads. */
  public boolean readsEnv(String env) {
    return placeholderEnv.contains(env)
        || getenvNames.contains(env)
        || configKeys.stream().anyMatch(key -> envName(key).equals(env));
  }

  public static ServiceModule load(Path root, String name) {
    Path module = root.resolve(name);
    if (!Files.isDirectory(module)) {
      throw new IllegalArgumentException("no module folder " + module);
    }
    Set<String> keys = new TreeSet<>();
    Set<String> placeholders = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    Integer port = null;
    String portEnv = null;
    Path propertiesFile = module.resolve("src/main/resources/application.properties");
    if (Files.exists(propertiesFile)) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(propertiesFile)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String rawKey : properties.stringPropertyNames()) {
        String key = rawKey.startsWith("%") ? rawKey.substring(rawKey.indexOf('.') + 1) : rawKey;
        String value = properties.getProperty(rawKey);
        keys.add(key);
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
          placeholders.add(m.group(1));
        }
        if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
          topics.add(value);
        }
        if (rawKey.equals("quarkus.http.port")) {
          Matcher p = PLACEHOLDER.matcher(value);
          if (p.matches()) {
            portEnv = p.group(1);
            port = Integer.valueOf(p.group(2));
          } else {
            port = Integer.valueOf(value);
          }
        }
      }
    }
    Set<String> getenv = new TreeSet<>();
    for (String source : javaSources(module.resolve("src/main/java"))) {
      Matcher mapping = CONFIG_MAPPING.matcher(source);
      if (mapping.find()) {
        String prefix = mapping.group(1);
        Matcher method = MAPPING_METHOD.matcher(source);
        while (method.find()) {
          keys.add(prefix + "." + kebab(method.group(1)));
        }
      }
      Matcher env = GETENV.matcher(source);
      while (env.find()) {
        getenv.add(env.group(1));
      }
    }
    Set<String> paths = new TreeSet<>();
    String pom = read(module.resolve("pom.xml"));
    if (pom.contains("<artifactId>quarkus-smallrye-health</artifactId>")) {
      paths.addAll(Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started"));
    }
    if (pom.contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>")) {
      paths.add("/q/metrics");
    }
    return new ServiceModule(name, keys, placeholders, getenv, topics, port, portEnv, paths);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static Iterable<String> javaSources(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).map(ServiceModule::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
