package dev.optlab.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rendered Kubernetes YAML read into typed objects: fabric8's model for Kubernetes' own kinds, the
 * {@link ScaledObject} record for KEDA's. A field the model does not know is a problem.
 */
public final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Typed objects and the problems met while reading them. */
  public record Parsed(
      List<HasMetadata> objects, List<ScaledObject> scaledObjects, List<String> problems) {}

  public static Parsed parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    List<ScaledObject> scaled = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Object parsed;
      try {
        parsed = SERIALIZATION.unmarshal(document);
      } catch (RuntimeException e) {
        problems.add("unreadable manifest: " + e.getMessage());
        continue;
      }
      if (parsed instanceof GenericKubernetesResource generic) {
        String name = generic.getKind() + "/" + generic.getMetadata().getName();
        if ("ScaledObject".equals(generic.getKind())
            && "keda.sh/v1alpha1".equals(generic.getApiVersion())) {
          try {
            scaled.add(
                STRICT.convertValue(
                    SERIALIZATION.convertValue(generic, Map.class), ScaledObject.class));
          } catch (IllegalArgumentException e) {
            problems.add(name + ": " + firstLine(e.getMessage()));
          }
        } else {
          problems.add(
              name + ": no typed model for " + generic.getApiVersion() + " " + generic.getKind());
        }
        continue;
      }
      HasMetadata object = (HasMetadata) parsed;
      unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), problems);
      objects.add(object);
    }
    return new Parsed(objects, scaled, problems);
  }

  /** Walks the fabric8 object tree: every additionalProperties map must be empty. */
  private static void unknownFields(Object node, String path, List<String> problems) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = getter.getName();
      if (!name.startsWith("get") || name.equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (name.equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(
              path
                  + ": unknown field(s) "
                  + extra.keySet()
                  + " (not in the "
                  + node.getClass().getSimpleName()
                  + " model)");
        }
        continue;
      }
      String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
      unknownFields(value, path + "." + field, problems);
    }
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private Manifests() {}
}
