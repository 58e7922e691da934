package dev.optlab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.optlab.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of the repository, checked by structure and turned into PromQL. */
final class DashboardQueries {
  static final String DATASOURCE_UID = "optlab-prometheus";
  private static final Set<String> BUILT_INS = Set.of("__rate_interval", "__interval", "__range");

  record Query(String dashboard, String panel, String expr) {}

  static List<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(LabProcesses.ROOT.resolve("grafana/dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Structural problems of all dashboards; empty when they are sound. */
  static List<String> problems(List<Path> files) throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (Path file : files) {
      JsonNode dashboard = Json.MAPPER.readTree(Files.readString(file));
      String name = file.getFileName().toString();
      String uid = dashboard.path("uid").asText("");
      if (uid.isEmpty() || !uids.add(uid)) {
        problems.add(name + ": missing or duplicate uid '" + uid + "'");
      }
      Set<String> variables = new HashSet<>(BUILT_INS);
      dashboard
          .path("templating")
          .path("list")
          .forEach(v -> variables.add(v.path("name").asText()));
      dashboard
          .path("templating")
          .path("list")
          .forEach(
              v -> checkDatasource(name + " variable " + v.path("name").asText(), v, problems));
      Set<Integer> ids = new HashSet<>();
      List<int[]> boxes = new ArrayList<>();
      for (JsonNode panel : dashboard.path("panels")) {
        String where = name + " panel '" + panel.path("title").asText() + "'";
        if (!ids.add(panel.path("id").asInt(-1))) {
          problems.add(where + ": duplicate or missing id");
        }
        JsonNode g = panel.path("gridPos");
        int[] box = {
          g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()
        };
        for (int[] other : boxes) {
          if (box[0] < other[0] + other[2]
              && other[0] < box[0] + box[2]
              && box[1] < other[1] + other[3]
              && other[1] < box[1] + box[3]) {
            problems.add(where + ": overlaps another panel");
          }
        }
        boxes.add(box);
        checkDatasource(where, panel, problems);
        for (JsonNode target : panel.path("targets")) {
          checkDatasource(where, target, problems);
          Matcher m = Pattern.compile("\\$(\\w+)").matcher(target.path("expr").asText());
          while (m.find()) {
            if (!variables.contains(m.group(1))) {
              problems.add(where + ": uses undefined variable $" + m.group(1));
            }
          }
        }
      }
    }
    return problems;
  }

  private static void checkDatasource(String where, JsonNode node, List<String> problems) {
    if (!DATASOURCE_UID.equals(node.path("datasource").path("uid").asText())) {
      problems.add(where + ": datasource uid must be " + DATASOURCE_UID);
    }
  }

  /** Every panel query, with variables replaced as Grafana would for the given values. */
  static List<Query> queries(List<Path> files, Map<String, String> values) throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Path file : files) {
      JsonNode dashboard = Json.MAPPER.readTree(Files.readString(file));
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          for (var value : values.entrySet()) {
            expr = expr.replace("$" + value.getKey(), value.getValue());
          }
          queries.add(
              new Query(dashboard.path("uid").asText(), panel.path("title").asText(), expr));
        }
      }
    }
    return queries;
  }

  /** The variable queries ({@code label_values(metric, label)}) of every dashboard. */
  static List<String> variableQueries(List<Path> files) throws IOException {
    List<String> queries = new ArrayList<>();
    for (Path file : files) {
      Json.MAPPER
          .readTree(Files.readString(file))
          .path("templating")
          .path("list")
          .forEach(v -> queries.add(v.path("query").path("query").asText()));
    }
    return queries;
  }

  private DashboardQueries() {}
}
