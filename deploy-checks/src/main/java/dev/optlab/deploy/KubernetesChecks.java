package dev.optlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-checks one rendered overlay: images, selectors, ports, probes, environment, referenced
 * ConfigMaps/Secrets/PVCs, resources, the dashboards ConfigMap, the PDB, KEDA and the GPU setup.
 */
public final class KubernetesChecks {
  public static final String TRAINER = "trainer-service";
  public static final String DASHBOARDS = "grafana-dashboards";
  public static final String GPU = "nvidia.com/gpu";

  /** A Deployment or StatefulSet: the pods it runs. */
  record Workload(String kind, String name, LabelSelector selector, PodTemplateSpec template) {
    String id() {
      return kind + "/" + name;
    }
  }

  public static List<String> check(Lab lab, Manifests.Parsed parsed, boolean gpu) {
    List<String> problems = new ArrayList<>(parsed.problems());
    List<HasMetadata> objects = parsed.objects();
    List<Workload> workloads = new ArrayList<>();
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    Map<String, Service> services = new LinkedHashMap<>();
    Set<String> claims = new TreeSet<>();
    String namespace = null;
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        workloads.add(
            new Workload(
                "Deployment", name(o), d.getSpec().getSelector(), d.getSpec().getTemplate()));
      } else if (o instanceof StatefulSet s) {
        workloads.add(
            new Workload(
                "StatefulSet", name(o), s.getSpec().getSelector(), s.getSpec().getTemplate()));
        s.getSpec().getVolumeClaimTemplates().forEach(t -> claims.add(t.getMetadata().getName()));
      } else if (o instanceof ConfigMap c) {
        configMaps.put(name(o), c);
      } else if (o instanceof Secret s) {
        secrets.put(name(o), s);
      } else if (o instanceof Service s) {
        services.put(name(o), s);
      } else if (o instanceof PersistentVolumeClaim) {
        claims.add(name(o));
      }
      if (o.getMetadata().getNamespace() != null) {
        namespace = o.getMetadata().getNamespace();
      }
    }

    for (Workload w : workloads) {
      Map<String, String> labels =
          Optional.ofNullable(w.template().getMetadata().getLabels()).orElse(Map.of());
      if (!matches(w.selector(), labels)) {
        problems.add(
            w.id()
                + ": selector "
                + w.selector().getMatchLabels()
                + " does not match its own pod labels "
                + labels);
      }
      var pod = w.template().getSpec();
      if (pod.getSecurityContext() == null
          || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())) {
        problems.add(w.id() + ": pods may run as root (securityContext.runAsNonRoot is not true)");
      }
      Set<String> volumes = new TreeSet<>();
      for (Volume v : pod.getVolumes()) {
        volumes.add(v.getName());
        if (v.getConfigMap() != null && !configMaps.containsKey(v.getConfigMap().getName())) {
          problems.add(
              w.id()
                  + ": volume "
                  + v.getName()
                  + " uses ConfigMap "
                  + v.getConfigMap().getName()
                  + ", which is not rendered");
        }
        if (v.getPersistentVolumeClaim() != null
            && !claims.contains(v.getPersistentVolumeClaim().getClaimName())) {
          problems.add(
              w.id()
                  + ": volume "
                  + v.getName()
                  + " claims PVC "
                  + v.getPersistentVolumeClaim().getClaimName()
                  + ", which is not rendered");
        }
      }
      if (w.kind().equals("StatefulSet")) {
        volumes.addAll(claims);
      }
      for (Container c : pod.getContainers()) {
        String where = w.id() + " container " + c.getName();
        for (VolumeMount m : c.getVolumeMounts()) {
          if (!volumes.contains(m.getName())) {
            problems.add(
                where + ": mounts volume " + m.getName() + ", which the pod does not define");
          }
        }
        checkResources(where, c, problems);
        checkProbes(lab, where, c, problems);
        checkEnvironment(lab, where, c, configMaps, secrets, services, namespace, problems);
        checkScrapeAnnotations(lab, where, w.template(), c, problems);
        checkImage(lab, where, c, problems);
        boolean wantsGpu =
            c.getResources() != null
                && c.getResources().getLimits() != null
                && c.getResources().getLimits().containsKey(GPU);
        if (w.name().equals(TRAINER)) {
          if (gpu && !wantsGpu) {
            problems.add(where + ": the gpu overlay's trainer does not request " + GPU);
          }
          if (gpu && pod.getTolerations().stream().noneMatch(t -> GPU.equals(t.getKey()))) {
            problems.add(
                where + ": the gpu overlay's trainer does not tolerate the " + GPU + " taint");
          }
          if (gpu && !Lab.target(c.getImage()).orElse("").endsWith("-gpu")) {
            problems.add(
                where + ": the gpu overlay runs " + c.getImage() + ", not the CUDA trainer image");
          }
        }
        if (!gpu && wantsGpu) {
          problems.add(where + ": requests " + GPU + " outside the gpu overlay");
        }
      }
    }

    for (Service s : services.values()) {
      Map<String, String> selector = s.getSpec().getSelector();
      List<Workload> targets = workloads.stream().filter(w -> selects(selector, w)).toList();
      if (targets.isEmpty()) {
        problems.add("Service/" + name(s) + ": selector " + selector + " matches no pod template");
        continue;
      }
      for (ServicePort port : s.getSpec().getPorts()) {
        for (Workload w : targets) {
          for (Container c : w.template().getSpec().getContainers()) {
            if (containerPort(
                    c,
                    port.getTargetPort() == null
                        ? new IntOrString(port.getPort())
                        : port.getTargetPort())
                .isEmpty()) {
              problems.add(
                  "Service/"
                      + name(s)
                      + ": targetPort "
                      + render(port.getTargetPort())
                      + " is not a port of "
                      + w.id()
                      + " container "
                      + c.getName());
            }
          }
        }
      }
    }

    for (HasMetadata o : objects) {
      if (o instanceof PodDisruptionBudget pdb) {
        if (workloads.stream()
            .noneMatch(
                w ->
                    matches(pdb.getSpec().getSelector(), w.template().getMetadata().getLabels()))) {
          problems.add("PodDisruptionBudget/" + name(o) + ": selector matches no pod template");
        }
      }
    }
    if (objects.stream()
        .noneMatch(
            o ->
                o instanceof PodDisruptionBudget pdb
                    && workloads.stream()
                        .anyMatch(
                            w ->
                                w.name().equals(TRAINER)
                                    && matches(
                                        pdb.getSpec().getSelector(),
                                        w.template().getMetadata().getLabels())))) {
      problems.add("no PodDisruptionBudget covers the " + TRAINER + " pods");
    }

    for (ScaledObject so : parsed.scaledObjects()) {
      String where = "ScaledObject/" + so.metadata().getName();
      String target = so.spec().scaleTargetRef().name();
      if (workloads.stream()
          .noneMatch(w -> w.kind().equals("Deployment") && w.name().equals(target))) {
        problems.add(where + ": scales Deployment " + target + ", which is not rendered");
      }
      for (ScaledObject.Trigger t : so.spec().triggers()) {
        if (!"prometheus".equals(t.type())) {
          continue;
        }
        Set<String> unknown = new TreeSet<>(t.metadata().keySet());
        unknown.removeAll(ScaledObject.PROMETHEUS_METADATA);
        if (!unknown.isEmpty()) {
          problems.add(where + ": unknown prometheus trigger metadata " + unknown);
        }
        checkAddress(
            where + " serverAddress",
            t.metadata().get("serverAddress"),
            services,
            namespace,
            true,
            problems);
      }
    }
    if (parsed.scaledObjects().stream()
        .noneMatch(so -> TRAINER.equals(so.spec().scaleTargetRef().name()))) {
      problems.add("nothing autoscales the " + TRAINER + " Deployment");
    }

    problems.addAll(checkDashboards(lab, configMaps));
    return problems;
  }

  private static void checkImage(Lab lab, String where, Container c, List<String> problems) {
    Optional<String> target = Lab.target(c.getImage());
    if (target.isPresent()) {
      if (!lab.dockerfile().stages().containsKey(target.get())
          || lab.moduleOf(target.get()).isEmpty()) {
        problems.add(
            where + ": image " + c.getImage() + " is not a service target of the Dockerfile");
      }
    } else if (!Lab.THIRD_PARTY.containsKey(Lab.repository(c.getImage()))) {
      problems.add(
          where
              + ": image "
              + c.getImage()
              + " is neither built here nor a known third-party image");
    }
  }

  private static void checkResources(String where, Container c, List<String> problems) {
    var r = c.getResources();
    for (String kind : List.of("cpu", "memory")) {
      if (r == null || r.getRequests() == null || !r.getRequests().containsKey(kind)) {
        problems.add(where + ": no " + kind + " request");
      }
      if (r == null || r.getLimits() == null || !r.getLimits().containsKey(kind)) {
        problems.add(where + ": no " + kind + " limit");
      }
    }
  }

  private static void checkProbes(Lab lab, String where, Container c, List<String> problems) {
    Set<String> paths = lab.httpPaths(c.getImage());
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("startupProbe", c.getStartupProbe());
    probes.put("livenessProbe", c.getLivenessProbe());
    probes.put("readinessProbe", c.getReadinessProbe());
    probes.forEach(
        (kind, p) -> {
          if (p == null) {
            return;
          }
          String prefix = where + ": " + kind;
          if (p.getHttpGet() != null) {
            if (!paths.contains(p.getHttpGet().getPath())) {
              problems.add(
                  prefix
                      + " path "
                      + p.getHttpGet().getPath()
                      + " is not served by "
                      + c.getImage()
                      + " (serves "
                      + paths
                      + ")");
            }
            if (containerPort(c, p.getHttpGet().getPort()).isEmpty()) {
              problems.add(
                  prefix
                      + " port "
                      + render(p.getHttpGet().getPort())
                      + " is not a container port");
            }
          }
          if (p.getTcpSocket() != null && containerPort(c, p.getTcpSocket().getPort()).isEmpty()) {
            problems.add(
                prefix
                    + " port "
                    + render(p.getTcpSocket().getPort())
                    + " is not a container port");
          }
        });
    if (c.getReadinessProbe() == null || c.getLivenessProbe() == null) {
      problems.add(where + ": needs both a liveness and a readiness probe");
    }
  }

  private static void checkEnvironment(
      Lab lab,
      String where,
      Container c,
      Map<String, ConfigMap> configMaps,
      Map<String, Secret> secrets,
      Map<String, Service> services,
      String namespace,
      List<String> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
        if (cm == null) {
          problems.add(
              where
                  + ": envFrom ConfigMap "
                  + from.getConfigMapRef().getName()
                  + " is not rendered");
        } else {
          env.putAll(cm.getData());
        }
      }
      if (from.getSecretRef() != null) {
        Secret s = secrets.get(from.getSecretRef().getName());
        if (s == null) {
          problems.add(
              where + ": envFrom Secret " + from.getSecretRef().getName() + " is not rendered");
        } else {
          s.getData().keySet().forEach(k -> env.put(k, ""));
        }
      }
    }
    for (EnvVar e : c.getEnv()) {
      String value = e.getValue() == null ? "" : e.getValue();
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        Secret s = secrets.get(ref.getName());
        if (s == null) {
          problems.add(
              where
                  + ": "
                  + e.getName()
                  + " reads Secret "
                  + ref.getName()
                  + ", which is not rendered");
        } else if (!keys(s).contains(ref.getKey())) {
          problems.add(
              where
                  + ": "
                  + e.getName()
                  + " reads key "
                  + ref.getKey()
                  + " that Secret "
                  + ref.getName()
                  + " does not have "
                  + keys(s));
        } else if (decoded(s, ref.getKey()).isBlank()) {
          problems.add(
              where + ": " + e.getName() + " reads an empty value from Secret " + ref.getName());
        }
      }
      if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = e.getValueFrom().getConfigMapKeyRef();
        ConfigMap cm = configMaps.get(ref.getName());
        if (cm == null || !cm.getData().containsKey(ref.getKey())) {
          problems.add(
              where
                  + ": "
                  + e.getName()
                  + " reads "
                  + ref.getName()
                  + "/"
                  + ref.getKey()
                  + ", which is not rendered");
        } else {
          value = cm.getData().get(ref.getKey());
        }
      }
      env.put(e.getName(), value);
    }
    Optional<String> target = Lab.target(c.getImage());
    if (target.isPresent() && lab.dockerfile().stages().containsKey(target.get())) {
      for (String name : env.keySet()) {
        if (lab.readerOf(target.get(), name).isEmpty()) {
          problems.add(
              where
                  + ": environment variable "
                  + name
                  + " is not read by "
                  + target.get()
                  + " (no config key, placeholder or image variable of that name)");
        }
      }
      Optional<Integer> port = lab.httpPort(target.get(), env);
      if (port.isPresent()
          && c.getPorts().stream().noneMatch(p -> p.getContainerPort().equals(port.get()))) {
        problems.add(
            where
                + ": the service listens on "
                + port.get()
                + ", which is not a container port "
                + c.getPorts().stream().map(ContainerPort::getContainerPort).toList());
      }
    }
    env.forEach(
        (name, value) ->
            checkAddress(where + " " + name, value, services, namespace, false, problems));
    problems.addAll(TopicChecks.checkEnv(lab, where, env));
  }

  private static void checkScrapeAnnotations(
      Lab lab, String where, PodTemplateSpec template, Container c, List<String> problems) {
    Map<String, String> annotations =
        Optional.ofNullable(template.getMetadata().getAnnotations()).orElse(Map.of());
    if (!"true".equals(annotations.get("prometheus.io/scrape"))) {
      if (Lab.target(c.getImage())
          .flatMap(lab::moduleOf)
          .map(m -> m.httpPaths().contains("/q/metrics"))
          .orElse(false)) {
        problems.add(
            where
                + ": serves /q/metrics but its pods are not annotated prometheus.io/scrape: \"true\"");
      }
      return;
    }
    String port = annotations.get("prometheus.io/port");
    if (port == null
        || c.getPorts().stream()
            .noneMatch(p -> String.valueOf(p.getContainerPort()).equals(port))) {
      problems.add(where + ": prometheus.io/port " + port + " is not a container port");
    }
    String path = annotations.getOrDefault("prometheus.io/path", "/metrics");
    if (!lab.httpPaths(c.getImage()).contains(path)) {
      problems.add(where + ": prometheus.io/path " + path + " is not served by " + c.getImage());
    }
  }

  /**
   * An address (URL or host:port) naming a host inside the cluster (a bare Service name or {@code
   * name.namespace.svc[.cluster.local]}) must name a rendered Service and one of its ports.
   */
  private static void checkAddress(
      String where,
      String value,
      Map<String, Service> services,
      String namespace,
      boolean qualified,
      List<String> problems) {
    Optional<Endpoints> address = Endpoints.internal(value);
    String host = address.map(Endpoints::host).orElse("");
    String[] parts = host.split("\\.");
    boolean bare = !host.isEmpty() && parts.length == 1;
    boolean clusterName = host.matches("[a-z0-9-]+\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?");
    if (!bare && !clusterName) {
      if (qualified) {
        problems.add(where + ": '" + value + "' is not an address inside the cluster");
      }
      return;
    }
    if (bare && qualified) {
      problems.add(
          where
              + ": "
              + value
              + " must name the Service with its namespace (it is read from KEDA's namespace)");
    }
    if (clusterName && !parts[1].equals(namespace)) {
      problems.add(
          where
              + ": "
              + value
              + " points into namespace "
              + parts[1]
              + ", the lab runs in "
              + namespace);
      return;
    }
    Service s = services.get(parts[0]);
    if (s == null) {
      problems.add(where + ": " + value + " names no rendered Service '" + parts[0] + "'");
      return;
    }
    int port = address.get().port();
    if (s.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == port)) {
      problems.add(
          where
              + ": "
              + value
              + " uses port "
              + port
              + "; Service "
              + parts[0]
              + " has "
              + s.getSpec().getPorts().stream().map(ServicePort::getPort).toList());
    }
  }

  private static List<String> checkDashboards(Lab lab, Map<String, ConfigMap> configMaps) {
    List<String> problems = new ArrayList<>();
    List<ConfigMap> matching =
        configMaps.values().stream().filter(c -> name(c).startsWith(DASHBOARDS)).toList();
    if (matching.size() != 1) {
      problems.add("expected one " + DASHBOARDS + " ConfigMap, found " + matching.size());
      return problems;
    }
    Map<String, String> data = matching.get(0).getData();
    Map<String, byte[]> files = lab.dashboards();
    if (!data.keySet().equals(files.keySet())) {
      problems.add(
          "ConfigMap "
              + name(matching.get(0))
              + " holds "
              + new TreeSet<>(data.keySet())
              + ", grafana/dashboards has "
              + files.keySet());
    }
    files.forEach(
        (file, bytes) -> {
          if (data.containsKey(file)
              && !data.get(file).equals(new String(bytes, StandardCharsets.UTF_8))) {
            problems.add(
                "ConfigMap "
                    + name(matching.get(0))
                    + " key "
                    + file
                    + " differs from grafana/dashboards/"
                    + file);
          }
        });
    return problems;
  }

  private static Set<String> keys(Secret s) {
    Set<String> keys = new TreeSet<>();
    if (s.getData() != null) {
      keys.addAll(s.getData().keySet());
    }
    if (s.getStringData() != null) {
      keys.addAll(s.getStringData().keySet());
    }
    return keys;
  }

  private static String decoded(Secret s, String key) {
    if (s.getStringData() != null && s.getStringData().containsKey(key)) {
      return s.getStringData().get(key);
    }
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static Optional<ContainerPort> containerPort(Container c, IntOrString port) {
    if (port == null) {
      return Optional.empty();
    }
    return c.getPorts().stream()
        .filter(
            p ->
                port.getIntVal() != null
                    ? Objects.equals(p.getContainerPort(), port.getIntVal())
                    : Objects.equals(p.getName(), port.getStrVal()))
        .findFirst();
  }

  private static String render(IntOrString port) {
    return port == null
        ? "(none)"
        : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }

  private static boolean selects(Map<String, String> selector, Workload w) {
    Map<String, String> labels = w.template().getMetadata().getLabels();
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null
        || labels == null
        || selector.getMatchLabels() == null
        || selector.getMatchLabels().isEmpty()) {
      return false;
    }
    return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  private KubernetesChecks() {}
}
