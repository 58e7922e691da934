package dev.optlab.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Cross-checks a rendered {@code docker-compose config} with the Dockerfile and the services'
 * configuration: images and build targets, environment variables, ports, health checks, addresses
 * between services, depends_on conditions, mounted files, the Prometheus scrape targets and the
 * trainer's scalability.
 */
public final class ComposeChecks {
  public static final String TRAINER = "trainer-service";

  public static List<String> check(
      Lab lab, Map<String, Object> compose, Map<String, Object> prometheus) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> services = map(compose.get("services"));
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (var entry : services.entrySet()) {
      String name = entry.getKey();
      Map<String, Object> service = map(entry.getValue());
      String image = (String) service.get("image");
      Optional<String> target = Lab.target(image);
      Map<String, String> env = strings(service.get("environment"));
      if (target.isPresent()) {
        String t = target.get();
        if (!lab.dockerfile().stages().containsKey(t) || lab.moduleOf(t).isEmpty()) {
          problems.add(name + ": image " + image + " is not a service target of the Dockerfile");
          continue;
        }
        Object build = map(service.get("build")).get("target");
        if (!t.equals(build)) {
          problems.add(
              name
                  + ": image "
                  + image
                  + " is built from Dockerfile target "
                  + build
                  + "; the image name says "
                  + t);
        }
        for (String variable : env.keySet()) {
          if (lab.readerOf(t, variable).isEmpty()) {
            problems.add(
                name
                    + ": environment variable "
                    + variable
                    + " is not read by "
                    + t
                    + " (no config key, placeholder or image variable of that name)");
          }
        }
        ports.put(name, lab.httpPort(t, env).orElseThrow());
      } else if (image != null && Lab.THIRD_PARTY.containsKey(Lab.repository(image))) {
        ports.put(name, Lab.THIRD_PARTY.get(Lab.repository(image)).port());
      } else {
        problems.add(
            name + ": image " + image + " is neither built here nor a known third-party image");
      }
    }
    for (var entry : services.entrySet()) {
      String name = entry.getKey();
      Map<String, Object> service = map(entry.getValue());
      Integer port = ports.get(name);
      String image = String.valueOf(service.get("image"));
      for (Object mapping : list(service.get("ports"))) {
        Object published =
            mapping instanceof Map<?, ?> m
                ? m.get("target")
                : String.valueOf(mapping).replaceAll(".*:", "");
        if (port != null && Integer.parseInt(String.valueOf(published)) != port) {
          problems.add(
              name
                  + ": publishes container port "
                  + published
                  + ", the service listens on "
                  + port);
        }
      }
      Object healthcheck = map(service.get("healthcheck")).get("test");
      if (healthcheck != null) {
        String command =
            healthcheck instanceof List<?> parts
                ? String.join(" ", parts.stream().map(String::valueOf).toList())
                : String.valueOf(healthcheck);
        Matcher url = DockerfileChecks.LOCAL_URL.matcher(command);
        if (url.find()) {
          if (port != null && Integer.parseInt(url.group(1)) != port) {
            problems.add(
                name
                    + ": health check calls port "
                    + url.group(1)
                    + ", the service listens on "
                    + port);
          }
          String path = url.group(2) == null ? "/" : url.group(2);
          if (!lab.httpPaths(image).contains(path)) {
            problems.add(name + ": health check path " + path + " is not served by " + image);
          }
        }
      } else if (Lab.target(image).isPresent()) {
        problems.add(name + ": has no health check");
      }
      for (var variable : strings(service.get("environment")).entrySet()) {
        Optional<Endpoints> address = Endpoints.internal(variable.getValue());
        if (address.isEmpty()) {
          continue;
        }
        Endpoints a = address.get();
        String where = name + ": " + variable.getKey() + "=" + variable.getValue();
        if (!ports.containsKey(a.host())) {
          problems.add(where + " names no compose service '" + a.host() + "'");
        } else if (ports.get(a.host()) != a.port()) {
          problems.add(
              where
                  + " uses port "
                  + a.port()
                  + ", "
                  + a.host()
                  + " listens on "
                  + ports.get(a.host()));
        }
      }
      for (var dependency : map(service.get("depends_on")).entrySet()) {
        Object condition = map(dependency.getValue()).get("condition");
        if (!services.containsKey(dependency.getKey())) {
          problems.add(name + ": depends on unknown service " + dependency.getKey());
        } else if ("service_healthy".equals(condition)
            && !hasHealthcheck(lab, map(services.get(dependency.getKey())))) {
          problems.add(
              name
                  + ": waits for "
                  + dependency.getKey()
                  + " to be healthy, which has no health check");
        }
      }
      for (Object volume : list(service.get("volumes"))) {
        Map<String, Object> v = volume instanceof Map<?, ?> ? map(volume) : Map.of();
        if ("bind".equals(v.get("type"))
            && !Files.exists(Path.of(String.valueOf(v.get("source"))))) {
          problems.add(name + ": mounts " + v.get("source") + ", which does not exist");
        }
      }
    }
    Map<String, Object> trainer = map(services.get(TRAINER));
    if (trainer.isEmpty()) {
      problems.add("no " + TRAINER + " service");
    } else if (trainer.containsKey("container_name")
        || list(trainer.get("ports")).stream()
            .anyMatch(p -> !(p instanceof Map<?, ?> m) || m.get("published") != null)) {
      problems.add(
          TRAINER + ": a container_name or a fixed host port prevents --scale " + TRAINER + "=N");
    }
    boolean gpuReserved =
        services.values().stream()
            .map(ComposeChecks::map)
            .anyMatch(
                s ->
                    list(s.get("profiles")).contains("gpu")
                        && String.valueOf(s.get("deploy")).contains("capabilities=[gpu]"));
    if (!gpuReserved) {
      problems.add(
          "no service in the gpu profile reserves GPU devices (deploy.resources.reservations.devices)");
    }
    problems.addAll(checkPrometheus(lab, prometheus, ports, services));
    for (var entry : services.entrySet()) {
      problems.addAll(
          TopicChecks.checkEnv(
              lab, entry.getKey(), strings(map(entry.getValue()).get("environment"))));
    }
    return problems;
  }

  private static List<String> checkPrometheus(
      Lab lab,
      Map<String, Object> config,
      Map<String, Integer> ports,
      Map<String, Object> services) {
    List<String> problems = new ArrayList<>();
    for (Object job : list(config.get("scrape_configs"))) {
      Map<String, Object> j = map(job);
      String path = String.valueOf(j.getOrDefault("metrics_path", "/metrics"));
      for (Object sd : list(j.get("dns_sd_configs"))) {
        Map<String, Object> d = map(sd);
        for (Object name : list(d.get("names"))) {
          String service = String.valueOf(name);
          if (!ports.containsKey(service)) {
            problems.add(
                "prometheus.yml job "
                    + j.get("job_name")
                    + ": scrapes '"
                    + service
                    + "', which is no compose service");
            continue;
          }
          if (ports.get(service) != ((Number) d.get("port")).intValue()) {
            problems.add(
                "prometheus.yml job "
                    + j.get("job_name")
                    + ": scrapes "
                    + service
                    + " on port "
                    + d.get("port")
                    + ", it listens on "
                    + ports.get(service));
          }
          String image = String.valueOf(map(services.get(service)).get("image"));
          if (!lab.httpPaths(image).contains(path)) {
            problems.add(
                "prometheus.yml job "
                    + j.get("job_name")
                    + ": "
                    + service
                    + " does not serve "
                    + path);
          }
        }
      }
    }
    return problems;
  }

  private static boolean hasHealthcheck(Lab lab, Map<String, Object> service) {
    if (map(service.get("healthcheck")).containsKey("test")) {
      return true;
    }
    return Lab.target(String.valueOf(service.get("image")))
        .filter(t -> lab.dockerfile().stages().containsKey(t))
        .flatMap(t -> lab.dockerfile().nearest(t, Dockerfile.Stage::healthcheck))
        .isPresent();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<Object> list(Object value) {
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }

  static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return out;
  }

  private ComposeChecks() {}
}
