package dev.optlab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stages of the repository's multi-target Dockerfile, as far as the checks need them. */
public record Dockerfile(Map<String, Stage> stages) {

  /** One {@code FROM ... AS name} stage; {@code parent} is the stage it builds on, if any. */
  public record Stage(
      String name,
      Optional<String> parent,
      Map<String, String> env,
      List<Integer> exposed,
      Optional<String> user,
      Optional<String> healthcheck,
      Optional<String> entrypoint,
      List<String> runs) {}

  private static final Pattern FROM =
      Pattern.compile("FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

  public static Dockerfile parse(String text) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    StageBuilder current = null;
    for (String line : instructions(text)) {
      String keyword = line.split("\\s+", 2)[0].toUpperCase();
      String rest = line.length() > keyword.length() ? line.substring(keyword.length()).trim() : "";
      if (keyword.equals("FROM")) {
        if (current != null) {
          stages.put(current.name, current.build());
        }
        Matcher m = FROM.matcher(line);
        if (!m.matches()) {
          throw new IllegalArgumentException("cannot read Dockerfile line: " + line);
        }
        String base = m.group(1);
        current =
            new StageBuilder(
                m.group(2) == null ? "stage-" + stages.size() : m.group(2),
                stages.containsKey(base) ? Optional.of(base) : Optional.empty());
        continue;
      }
      if (current == null) {
        continue; // ARG before the first FROM
      }
      switch (keyword) {
        case "ARG" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          if (m.find()) {
            current.args.put(m.group(1), m.group(2).replace("\"", ""));
          }
        }
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          while (m.find()) {
            String value = m.group(2).replace("\"", "");
            for (var arg : current.args.entrySet()) {
              value = value.replace("${" + arg.getKey() + "}", arg.getValue());
            }
            current.env.put(m.group(1), value);
          }
        }
        case "EXPOSE" -> {
          for (String port : rest.split("\\s+")) {
            current.exposed.add(Integer.valueOf(port.replace("/tcp", "")));
          }
        }
        case "USER" -> current.user = Optional.of(rest);
        case "HEALTHCHECK" -> current.healthcheck = Optional.of(rest);
        case "ENTRYPOINT" -> current.entrypoint = Optional.of(rest);
        case "RUN" -> current.runs.add(rest);
        default -> {}
      }
    }
    if (current != null) {
      stages.put(current.name, current.build());
    }
    return new Dockerfile(stages);
  }

  /** The stage and the stages it builds on, nearest first. */
  public List<Stage> chain(String stage) {
    List<Stage> chain = new ArrayList<>();
    Optional<String> next = Optional.of(stage);
    while (next.isPresent()) {
      Stage s = stages.get(next.get());
      chain.add(s);
      next = s.parent();
    }
    return chain;
  }

  /** Environment of a container started from {@code stage}: later ENV lines win. */
  public Map<String, String> env(String stage) {
    Map<String, String> env = new LinkedHashMap<>();
    List<Stage> chain = chain(stage);
    for (int i = chain.size() - 1; i >= 0; i--) {
      env.putAll(chain.get(i).env());
    }
    return env;
  }

  public <T> Optional<T> nearest(String stage, java.util.function.Function<Stage, Optional<T>> f) {
    return chain(stage).stream().map(f).flatMap(Optional::stream).findFirst();
  }

  private static List<String> instructions(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      lines.add(pending.toString().strip());
      pending.setLength(0);
    }
    return lines;
  }

  private static final class StageBuilder {
    final String name;
    final Optional<String> parent;
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, String> args = new LinkedHashMap<>();
    final List<Integer> exposed = new ArrayList<>();
    Optional<String> user = Optional.empty();
    Optional<String> healthcheck = Optional.empty();
    Optional<String> entrypoint = Optional.empty();
    final List<String> runs = new ArrayList<>();

    StageBuilder(String name, Optional<String> parent) {
      this.name = name;
      this.parent = parent;
    }

    Stage build() {
      return new Stage(name, parent, env, exposed, user, healthcheck, entrypoint, runs);
    }
  }
}
