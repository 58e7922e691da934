package dev.optlab.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check, shown a planted mistake, names it. */
class PlantedMistakesTest {
  private static final Lab LAB = Fixtures.lab();
  private static String compose;
  private static String localOverlay;
  private static String gpuOverlay;

  @BeforeAll
  static void renderOnce(@TempDir Path dir) {
    Tools.Result rendered =
        Tools.composeConfig(
            Fixtures.ROOT.resolve("docker-compose.yml"), Fixtures.ROOT.resolve(".env.example"));
    assertTrue(rendered.ok(), rendered.stderr());
    compose = rendered.stdout();
    Path copy = Fixtures.copyOfDeployment(dir);
    localOverlay = Fixtures.render(copy, "local");
    gpuOverlay = Fixtures.render(copy, "gpu");
  }

  // --- docker-compose.yml ---------------------------------------------------------------

  private static List<String> composeProblems(Consumer<Map<String, Object>> plant) {
    Map<String, Object> rendered = Fixtures.yaml(compose);
    plant.accept(rendered);
    return ComposeChecks.check(
        LAB, rendered, Fixtures.yaml(Fixtures.ROOT.resolve("prometheus/prometheus.yml")));
  }

  private static Map<String, Object> service(Map<String, Object> compose, String name) {
    return ComposeChecks.map(ComposeChecks.map(compose.get("services")).get(name));
  }

  private static Map<String, Object> env(Map<String, Object> compose, String name) {
    return ComposeChecks.map(service(compose, name).get("environment"));
  }

  @Test
  void composeEnvVarNoServiceReads() {
    assertNamed(
        composeProblems(
            c -> env(c, "api-gateway").put("METRICS_ULR", "http://metrics-service:8082")),
        "api-gateway: environment variable METRICS_ULR is not read by api-gateway");
  }

  @Test
  void composePortThatIsNotTheServicePort() {
    assertNamed(
        composeProblems(
            c ->
                service(c, "api-gateway")
                    .put("ports", List.of(Map.of("published", 8080, "target", 8081)))),
        "api-gateway: publishes container port 8081, the service listens on 8080");
  }

  @Test
  void composePortMovedByEnvButNotInThePortMapping() {
    assertNamed(
        composeProblems(c -> env(c, "metrics-service").put("METRICS_PORT", "9000")),
        "metrics-service: publishes container port 8082, the service listens on 9000");
  }

  @Test
  void composeImageThatDoesNotMatchItsRecipe() {
    assertNamed(
        composeProblems(
            c -> service(c, "metrics-service").put("image", "optlab/metrics-svc:latest")),
        "metrics-service: image optlab/metrics-svc:latest is not a service target of the Dockerfile");
    assertNamed(
        composeProblems(
            c ->
                ComposeChecks.map(service(c, "metrics-service").get("build"))
                    .put("target", "api-gateway")),
        "metrics-service: image optlab/metrics-service:latest is built from Dockerfile target api-gateway");
  }

  @Test
  void composeAddressWithTheWrongPortOrHost() {
    assertNamed(
        composeProblems(
            c -> env(c, "api-gateway").put("METRICS_URL", "http://metrics-service:8083")),
        "METRICS_URL=http://metrics-service:8083 uses port 8083, metrics-service listens on 8082");
    assertNamed(
        composeProblems(
            c -> env(c, "trainer-service").put("KAFKA_BOOTSTRAP_SERVERS", "broker:9092")),
        "KAFKA_BOOTSTRAP_SERVERS=broker:9092 names no compose service 'broker'");
  }

  @Test
  void composeHealthCheckOnAPathTheServiceDoesNotServe() {
    assertNamed(
        composeProblems(
            c ->
                ComposeChecks.map(service(c, "metrics-service").get("healthcheck"))
                    .put(
                        "test", List.of("CMD", "curl", "-fsS", "http://127.0.0.1:8082/q/healthz"))),
        "metrics-service: health check path /q/healthz is not served");
  }

  @Test
  void composeWaitsForHealthOfAServiceWithoutHealthCheck() {
    assertNamed(
        composeProblems(c -> service(c, "prometheus").remove("healthcheck")),
        "grafana: waits for prometheus to be healthy, which has no health check");
  }

  @Test
  void composeTopicThatIsNotInTheContracts() {
    assertNamed(
        composeProblems(
            c ->
                env(c, "api-gateway")
                    .put("MP_MESSAGING_OUTGOING_RUN_REQUESTS_OUT_TOPIC", "run-request")),
        "names topic 'run-request', which is not in contracts' Topics");
  }

  @Test
  void composeTrainerThatCannotBeScaled() {
    assertNamed(
        composeProblems(c -> service(c, "trainer-service").put("container_name", "trainer")),
        "prevents --scale trainer-service=N");
  }

  @Test
  void composeScrapeTargetOnTheWrongPort() {
    Map<String, Object> prometheus =
        Fixtures.yaml(Fixtures.ROOT.resolve("prometheus/prometheus.yml"));
    Map<String, Object> job =
        ComposeChecks.map(ComposeChecks.list(prometheus.get("scrape_configs")).get(0));
    ComposeChecks.map(ComposeChecks.list(job.get("dns_sd_configs")).get(0)).put("port", 8090);
    assertNamed(
        ComposeChecks.check(LAB, Fixtures.yaml(compose), prometheus),
        "prometheus.yml job api-gateway: scrapes api-gateway on port 8090, it listens on 8080");
  }

  @Test
  void composeFileThatDockerComposeRejects(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("docker-compose.yml");
    Files.writeString(
        broken,
        ServiceModule.read(Fixtures.ROOT.resolve("docker-compose.yml"))
            .replace("condition: service_healthy", "condition: service_happy"));
    Tools.Result rendered = Tools.composeConfig(broken, Fixtures.ROOT.resolve(".env.example"));
    assertFalse(rendered.ok());
    assertTrue(rendered.stderr().contains("service_happy"), rendered.stderr());
  }

  // --- Dockerfile and application.properties ---------------------------------------------

  private static List<String> dockerfileProblems(String from, String to) {
    String text = ServiceModule.read(Fixtures.ROOT.resolve("Dockerfile"));
    assertTrue(text.contains(from), "nothing to plant: " + from);
    Lab planted =
        new Lab(
            LAB.root(),
            LAB.modules(),
            Dockerfile.parse(text.replaceFirst(java.util.regex.Pattern.quote(from), to)),
            LAB.topics());
    return DockerfileChecks.check(planted);
  }

  @Test
  void dockerfileTargetRunningAsRoot() {
    assertNamed(
        dockerfileProblems("EXPOSE 8080\nUSER 10001", "EXPOSE 8080\nUSER root"),
        "Dockerfile target api-gateway: runs as root");
  }

  @Test
  void dockerfileEnvNothingReads() {
    assertNamed(
        dockerfileProblems("GATEWAY_PORT=8080", "GATEWAY_PROT=8080"),
        "Dockerfile target api-gateway: ENV GATEWAY_PROT is read by nothing in the image");
  }

  @Test
  void dockerfileHealthCheckOnTheWrongPortOrPath() {
    assertNamed(
        dockerfileProblems(
            "http://127.0.0.1:8082/q/health/ready", "http://127.0.0.1:8080/q/health/ready"),
        "Dockerfile target metrics-service: HEALTHCHECK calls port 8080, the service listens on 8082");
    assertNamed(
        dockerfileProblems("http://127.0.0.1:8083/q/health/ready", "http://127.0.0.1:8083/health"),
        "Dockerfile target dataset-service: HEALTHCHECK path /health is not served by dataset-service");
  }

  @Test
  void serviceTopicThatIsNotInTheContracts() {
    Map<String, ServiceModule> modules = new LinkedHashMap<>(LAB.modules());
    ServiceModule trainer = modules.get("trainer-service");
    modules.put(
        "trainer-service",
        new ServiceModule(
            trainer.name(),
            trainer.configKeys(),
            trainer.placeholderEnv(),
            trainer.getenvNames(),
            Set.of("run-requests-dead"),
            trainer.httpPort(),
            trainer.httpPortEnv(),
            trainer.httpPaths()));
    assertNamed(
        TopicChecks.checkModules(new Lab(LAB.root(), modules, LAB.dockerfile(), LAB.topics())),
        "trainer-service/application.properties: topic 'run-requests-dead' is not in contracts' Topics");
  }

  // --- Kubernetes -------------------------------------------------------------------------

  private static List<String> k8sProblems(
      String overlay, boolean gpu, Consumer<List<HasMetadata>> plant) {
    Manifests.Parsed parsed = Manifests.parse(overlay);
    plant.accept(parsed.objects());
    return KubernetesChecks.check(LAB, parsed, gpu);
  }

  /** The local overlay's problems once {@code key=value} is put into ConfigMap {@code name}. */
  private static List<String> withConfigValue(String configMap, String key, String value) {
    return k8sProblems(
        localOverlay,
        false,
        o -> Fixtures.object(o, ConfigMap.class, configMap).getData().put(key, value));
  }

  private static Container container(List<HasMetadata> objects, String deployment) {
    return Fixtures.object(objects, Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  @Test
  void manifestFieldTheTypedModelDoesNotKnow() {
    String planted = localOverlay.replaceFirst("readinessProbe:", "readinesProbe:");
    assertNamed(
        KubernetesChecks.check(LAB, Manifests.parse(planted), false),
        "unknown field(s) [readinesProbe]");
    String keda = localOverlay.replace("maxReplicaCount: 2", "maxReplicas: 2");
    assertNamed(
        KubernetesChecks.check(LAB, Manifests.parse(keda), false),
        "ScaledObject/trainer-service: Unrecognized field \"maxReplicas\"");
  }

  @Test
  void kindWithoutATypedModel() {
    String planted =
        localOverlay
            + "\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: lab\n";
    assertNamed(
        KubernetesChecks.check(LAB, Manifests.parse(planted), false),
        "ServiceMonitor/lab: no typed model");
  }

  @Test
  void serviceSelectorMatchingNoPods() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o ->
                Fixtures.object(o, Service.class, "metrics-service")
                    .getSpec()
                    .setSelector(Map.of("app.kubernetes.io/name", "metrics"))),
        "Service/metrics-service: selector {app.kubernetes.io/name=metrics} matches no pod template");
  }

  @Test
  void serviceTargetPortMissingOnTheContainer() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o ->
                Fixtures.object(o, Service.class, "api-gateway")
                    .getSpec()
                    .getPorts()
                    .get(0)
                    .setTargetPort(new IntOrString("web"))),
        "Service/api-gateway: targetPort web is not a port of Deployment/api-gateway");
  }

  @Test
  void probePathTheServiceDoesNotServe() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o ->
                container(o, "dataset-service")
                    .getReadinessProbe()
                    .getHttpGet()
                    .setPath("/q/health/readiness")),
        "readinessProbe path /q/health/readiness is not served by optlab/dataset-service");
  }

  @Test
  void configMapKeyNoServiceReads() {
    assertNamed(
        withConfigValue("trainer-service-config", "TRAINER_DEVISE", "gpu"),
        "container trainer-service: environment variable TRAINER_DEVISE is not read by trainer-service");
  }

  @Test
  void addressNamingAMissingServiceOrPort() {
    assertNamed(
        withConfigValue("api-gateway-config", "METRICS_URL", "http://metrics:8082"),
        "METRICS_URL: http://metrics:8082 names no rendered Service 'metrics'");
    assertNamed(
        withConfigValue("trainer-service-config", "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"),
        "KAFKA_BOOTSTRAP_SERVERS: kafka:9093 uses port 9093; Service kafka has [9092]");
  }

  @Test
  void secretKeyThatIsNotInTheSecret() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o ->
                Fixtures.object(o, Secret.class, "optlab-secrets")
                    .getData()
                    .remove("GATEWAY_API_TOKEN")),
        "GATEWAY_API_TOKEN reads key GATEWAY_API_TOKEN that Secret optlab-secrets");
  }

  @Test
  void topicThatIsNotInTheContracts() {
    assertNamed(
        withConfigValue(
            "metrics-service-config", "MP_MESSAGING_INCOMING_RUN_STATUS_IN_TOPIC", "run-states"),
        "names topic 'run-states', which is not in contracts' Topics");
  }

  @Test
  void dashboardsConfigMapThatDiffersFromTheFolder(@TempDir Path dir) {
    Path copy = Fixtures.copyOfDeployment(dir);
    Fixtures.replaceIn(
        copy.resolve("grafana/kustomization.yaml"), "      - dashboards/run-detail.json\n", "");
    assertNamed(
        KubernetesChecks.check(LAB, Manifests.parse(Fixtures.render(copy, "local")), false),
        "holds [lab-health.json, optimizer-comparison.json], grafana/dashboards has [lab-health.json, optimizer-comparison.json, run-detail.json]");
    assertNamed(
        withConfigValue("grafana-dashboards", "run-detail.json", "{}"),
        "key run-detail.json differs from grafana/dashboards/run-detail.json");
  }

  @Test
  void containerWithoutResourceLimits() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o -> container(o, "metrics-service").getResources().setLimits(null)),
        "Deployment/metrics-service container metrics-service: no memory limit");
  }

  @Test
  void volumeClaimThatIsNotRendered() {
    assertNamed(
        k8sProblems(
            localOverlay,
            false,
            o ->
                o.removeIf(
                    x ->
                        x.getKind().equals("PersistentVolumeClaim")
                            && x.getMetadata().getName().equals("checkpoints"))),
        "volume checkpoints claims PVC checkpoints, which is not rendered");
  }

  @Test
  void gpuTrainerWithoutTolerationOrGpu() {
    assertNamed(
        k8sProblems(
            gpuOverlay,
            true,
            o ->
                Fixtures.object(o, Deployment.class, "trainer-service")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .setTolerations(new ArrayList<>())),
        "the gpu overlay's trainer does not tolerate the nvidia.com/gpu taint");
    assertNamed(
        k8sProblems(
            gpuOverlay,
            true,
            o ->
                container(o, "trainer-service")
                    .getResources()
                    .getLimits()
                    .remove("nvidia.com/gpu")),
        "the gpu overlay's trainer does not request nvidia.com/gpu");
  }

  @Test
  void kedaAddressOtherNamespacesCannotResolve() {
    String planted =
        localOverlay.replace(
            "http://prometheus.optlab.svc.cluster.local:9090", "http://prometheus:9090");
    assertNamed(
        KubernetesChecks.check(LAB, Manifests.parse(planted), false),
        "must name the Service with its namespace");
  }

  private static void assertNamed(List<String> problems, String expected) {
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(expected)),
        "expected a problem containing \"" + expected + "\", got " + problems);
  }
}
