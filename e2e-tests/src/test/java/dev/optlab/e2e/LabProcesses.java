package dev.optlab.e2e;

import dev.optlab.broker.KraftBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four packaged services as separate JVMs, as {@code ./lab up} starts them. */
final class LabProcesses implements AutoCloseable {
  static final Path ROOT =
      Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();

  record Service(String name, int port, Process process, Path log) {
    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Path workDir;

  LabProcesses(Path workDir) {
    this.workDir = workDir;
  }

  private final Map<String, Map<String, String>> envs = new LinkedHashMap<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final Map<String, String> modules = new LinkedHashMap<>();

  Service start(String name, Map<String, String> env, List<String> jvmOptions) throws IOException {
    return start(name, name, env, jvmOptions);
  }

  /** Starts another instance of {@code module} (a second trainer) under its own name. */
  Service start(String name, String module, Map<String, String> env, List<String> jvmOptions)
      throws IOException {
    modules.put(name, module);
    return start(name, env, jvmOptions, KraftBroker.freePort());
  }

  Map<String, String> env(String name) {
    return envs.get(name);
  }

  /** Stops a service (SIGTERM, as ./lab down does) and starts it again on the same port. */
  Service restart(String name) throws Exception {
    Service old = services.get(name);
    old.process().destroy();
    old.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    return start(name, envs.get(name), options.get(name), old.port());
  }

  private Service start(String name, Map<String, String> env, List<String> jvmOptions, int port)
      throws IOException {
    envs.put(name, env);
    options.put(name, jvmOptions);
    Path jar =
        ROOT.resolve(modules.getOrDefault(name, name))
            .resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the build (mvn verify) from the root");
    }
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-jar");
    command.add(jar.toString());
    Path log = workDir.resolve(name + "-" + System.nanoTime() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Service service = new Service(name, port, builder.start(), log);
    services.put(name, service);
    return service;
  }

  /** Drops a service a test stopped on purpose, so later checks do not expect it alive. */
  void forget(String name) {
    services.remove(name);
  }

  void awaitLive(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Service service : services.values()) {
      while (true) {
        if (!service.process().isAlive()) {
          throw new IllegalStateException(service.name() + " exited:\n" + tail(service));
        }
        try {
          var response =
              http.send(
                  HttpRequest.newBuilder(URI.create(service.url() + "/q/health/live")).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(service.name() + " not live in time:\n" + tail(service));
        }
        Thread.sleep(250);
      }
    }
  }

  static String tail(Service service) {
    try {
      List<String> lines = Files.readAllLines(service.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Service get(String name) {
    return services.get(name);
  }

  @Override
  public void close() throws InterruptedException {
    for (Service service : services.values()) {
      service.process().destroy();
    }
    for (Service service : services.values()) {
      if (!service.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        service.process().destroyForcibly();
      }
    }
  }
}
