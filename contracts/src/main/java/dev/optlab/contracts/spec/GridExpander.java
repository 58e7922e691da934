package dev.optlab.contracts.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands an experiment into run trees: defaults, then {@code base}, then one {@code runs} entry
 * (or none), then one combination of the {@code grid} (cartesian product, keys in spec order), each
 * merged deeply over the previous.
 */
public final class GridExpander {
  static final ObjectNode DEFAULTS = loadDefaults();

  /** A run before conversion: its label and merged JSON tree. */
  public record RunTree(String label, ObjectNode tree) {}

  public static List<RunTree> expand(ExperimentSpec spec, List<Problem> problems) {
    List<ObjectNode> runs =
        spec.runs() == null || spec.runs().isEmpty()
            ? List.of(Json.MAPPER.createObjectNode())
            : spec.runs();
    List<List<Map.Entry<String, JsonNode>>> combinations = gridCombinations(spec, problems);
    List<RunTree> result = new ArrayList<>();
    for (ObjectNode run : runs) {
      for (List<Map.Entry<String, JsonNode>> combination : combinations) {
        ObjectNode tree = DEFAULTS.deepCopy();
        merge(tree, spec.base());
        merge(tree, run);
        StringBuilder gridLabel = new StringBuilder();
        for (Map.Entry<String, JsonNode> assignment : combination) {
          setPath(tree, assignment.getKey(), assignment.getValue());
          gridLabel.append(' ').append(shortName(assignment.getKey()));
          gridLabel.append('=').append(assignment.getValue().asText());
        }
        fillOptimizerDefaults(tree);
        String label = baseLabel(tree) + gridLabel;
        tree.put("label", label);
        result.add(new RunTree(label, tree));
      }
    }
    return result;
  }

  private static List<List<Map.Entry<String, JsonNode>>> gridCombinations(
      ExperimentSpec spec, List<Problem> problems) {
    List<List<Map.Entry<String, JsonNode>>> combinations = new ArrayList<>();
    combinations.add(List.of());
    if (spec.grid() == null) {
      return combinations;
    }
    for (Map.Entry<String, List<JsonNode>> axis : spec.grid().entrySet()) {
      if (axis.getValue() == null || axis.getValue().isEmpty()) {
        problems.add(new Problem("grid." + axis.getKey(), "needs at least one value"));
        continue;
      }
      if (!DEFAULTS_PATHS.contains(axis.getKey())) {
        problems.add(
            new Problem(
                "grid." + axis.getKey(),
                "is not a run setting; expected one of " + DEFAULTS_PATHS));
        continue;
      }
      List<List<Map.Entry<String, JsonNode>>> next = new ArrayList<>();
      for (List<Map.Entry<String, JsonNode>> partial : combinations) {
        for (JsonNode value : axis.getValue()) {
          List<Map.Entry<String, JsonNode>> extended = new ArrayList<>(partial);
          extended.add(Map.entry(axis.getKey(), value));
          next.add(extended);
        }
      }
      combinations = next;
    }
    return combinations;
  }

  private static final List<String> DEFAULTS_PATHS = leafPaths(loadDefaults(), "");

  private static List<String> leafPaths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            field -> {
              String path = prefix + field.getKey();
              if (field.getValue().isObject()) {
                paths.addAll(leafPaths(field.getValue(), path + "."));
              } else {
                paths.add(path);
              }
            });
    paths.add("optimizer.type");
    paths.add("optimizer.learningRate");
    paths.add("clipping.threshold");
    paths.add("label");
    return paths.stream().distinct().toList();
  }

  private static void merge(ObjectNode target, JsonNode overrides) {
    if (overrides == null || !overrides.isObject()) {
      return;
    }
    overrides
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = target.get(field.getKey());
              if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, field.getValue());
              } else {
                target.set(field.getKey(), field.getValue().deepCopy());
              }
            });
  }

  private static void setPath(ObjectNode tree, String dottedPath, JsonNode value) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child != null && child.isObject() ? (ObjectNode) child : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value.deepCopy());
  }

  private static void fillOptimizerDefaults(ObjectNode tree) {
    JsonNode optimizer = tree.get("optimizer");
    if (optimizer instanceof ObjectNode node && !node.hasNonNull("learningRate")) {
      Double rate = OptimizerSpec.defaultLearningRate(node.path("type").asText(null));
      if (rate != null) {
        node.put("learningRate", rate);
      }
    }
  }

  private static String baseLabel(ObjectNode tree) {
    if (tree.hasNonNull("label")) {
      return tree.get("label").asText();
    }
    JsonNode optimizer = tree.path("optimizer");
    String type = optimizer.path("type").asText("run");
    return type + " lr=" + optimizer.path("learningRate").asText("?");
  }

  private static String shortName(String dottedPath) {
    return switch (dottedPath) {
      case "optimizer.learningRate" -> "lr";
      case "optimizer.type" -> "optimizer";
      default -> dottedPath.substring(dottedPath.lastIndexOf('.') + 1);
    };
  }

  private static ObjectNode loadDefaults() {
    try (InputStream in = GridExpander.class.getResourceAsStream("/run-defaults.yaml")) {
      return (ObjectNode) Json.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GridExpander() {}
}
