package dev.optlab.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each service target of the Dockerfile: non-root, its port exposed and health-checked, ENV read.
 */
public final class DockerfileChecks {
  static final Pattern LOCAL_URL =
      Pattern.compile("https?://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)?");

  public static List<String> check(Lab lab) {
    List<String> problems = new ArrayList<>();
    for (String target : lab.dockerfile().stages().keySet()) {
      Optional<ServiceModule> module = lab.moduleOf(target);
      if (module.isEmpty()) {
        continue;
      }
      Dockerfile file = lab.dockerfile();
      String where = "Dockerfile target " + target;
      Optional<String> user = file.nearest(target, Dockerfile.Stage::user);
      if (user.isEmpty() || user.get().equals("root") || user.get().equals("0")) {
        problems.add(where + ": runs as root (USER " + user.orElse("not set") + ")");
      }
      if (file.nearest(target, Dockerfile.Stage::entrypoint).isEmpty()) {
        problems.add(where + ": has no ENTRYPOINT");
      }
      int port = lab.httpPort(target, Map.of()).orElseThrow();
      List<Integer> exposed =
          file.nearest(target, s -> Optional.of(s.exposed()).filter(e -> !e.isEmpty()))
              .orElse(List.of());
      if (!exposed.contains(port)) {
        problems.add(
            where + ": EXPOSE " + exposed + " does not include the service's port " + port);
      }
      Optional<String> health = file.nearest(target, Dockerfile.Stage::healthcheck);
      if (health.isEmpty()) {
        problems.add(where + ": has no HEALTHCHECK");
      } else {
        Matcher url = LOCAL_URL.matcher(health.get());
        if (url.find()) {
          if (Integer.parseInt(url.group(1)) != port) {
            problems.add(
                where
                    + ": HEALTHCHECK calls port "
                    + url.group(1)
                    + ", the service listens on "
                    + port);
          }
          String path = url.group(2) == null ? "/" : url.group(2);
          if (!module.get().httpPaths().contains(path)) {
            problems.add(
                where
                    + ": HEALTHCHECK path "
                    + path
                    + " is not served by "
                    + module.get().name()
                    + " (serves "
                    + module.get().httpPaths()
                    + ")");
          }
        }
      }
      for (String env : file.env(target).keySet()) {
        if (lab.readerOf(target, env).isEmpty()) {
          problems.add(
              where
                  + ": ENV "
                  + env
                  + " is read by nothing in the image (not a config key of "
                  + module.get().name()
                  + ")");
        }
      }
    }
    return problems;
  }

  private DockerfileChecks() {}
}
