package dev.optlab.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's {@code keda.sh/v1alpha1 ScaledObject}, the fields of KEDA 2.x's API that the lab may use:
 * fabric8 has no model for it, and reading it through this strict record rejects unknown fields.
 */
public record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
  public record Spec(
      ScaleTargetRef scaleTargetRef,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Integer idleReplicaCount,
      Integer pollingInterval,
      Integer cooldownPeriod,
      List<Trigger> triggers) {}

  public record ScaleTargetRef(String apiVersion, String kind, String name) {}

  public record Trigger(
      String type, String name, String metricType, Map<String, String> metadata) {}

  /** The metadata keys of KEDA's Prometheus scaler. */
  public static final Set<String> PROMETHEUS_METADATA =
      Set.of(
          "serverAddress",
          "query",
          "threshold",
          "activationThreshold",
          "namespace",
          "customHeaders",
          "ignoreNullValues",
          "unsafeSsl",
          "queryParameters");
}
