package dev.optlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed deployment files render and line up with the services' own configuration. */
class DeploymentFilesTest {
  private final Lab lab = Fixtures.lab();

  @Test
  void dockerfileHasOneConsistentTargetPerService() {
    Set<String> serviceTargets =
        lab.dockerfile().stages().keySet().stream()
            .filter(t -> lab.moduleOf(t).isPresent())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(
            List.of(
                "api-gateway",
                "dataset-service",
                "lab-broker",
                "metrics-service",
                "trainer-service",
                "trainer-service-gpu")),
        serviceTargets);
    assertEquals(List.of(), DockerfileChecks.check(lab));
    assertEquals("cu128", lab.dockerfile().env("trainer-service-gpu").get("PYTORCH_FLAVOR"));
  }

  @Test
  void servicesOnlyUseTopicsOfTheContractsModule() {
    assertTrue(lab.modules().get("trainer-service").topics().contains("run-requests-dlq"));
    assertEquals(List.of(), TopicChecks.checkModules(lab));
  }

  @Test
  void composeFileRendersWithDockerComposeAndAgreesWithTheServices() {
    Tools.Result rendered =
        Tools.composeConfig(
            Fixtures.ROOT.resolve("docker-compose.yml"), Fixtures.ROOT.resolve(".env.example"));
    assertTrue(rendered.ok(), rendered.stderr());
    Map<String, Object> compose = Fixtures.yaml(rendered.stdout());
    assertEquals(
        Set.of(
            "kafka",
            "dataset-service",
            "metrics-service",
            "api-gateway",
            "trainer-service",
            "trainer-service-gpu",
            "prometheus",
            "grafana"),
        ComposeChecks.map(compose.get("services")).keySet());
    assertEquals(
        List.of("gpu"),
        ComposeChecks.map(ComposeChecks.map(compose.get("services")).get("trainer-service-gpu"))
            .get("profiles"),
        "the GPU trainer starts only with --profile gpu");
    assertEquals(
        List.of(),
        ComposeChecks.check(
            lab, compose, Fixtures.yaml(Fixtures.ROOT.resolve("prometheus/prometheus.yml"))));

    Tools.Result gpu =
        Tools.composeConfig(
            Fixtures.ROOT.resolve("docker-compose.yml"),
            Fixtures.ROOT.resolve(".env.example"),
            "--profile",
            "gpu");
    assertTrue(gpu.ok(), gpu.stderr());
    Map<String, Object> withGpu = Fixtures.yaml(gpu.stdout());
    assertTrue(ComposeChecks.map(withGpu.get("services")).containsKey("trainer-service-gpu"));
    assertEquals(
        List.of(),
        ComposeChecks.check(
            lab, withGpu, Fixtures.yaml(Fixtures.ROOT.resolve("prometheus/prometheus.yml"))));
  }

  @Test
  void composeRefusesToRenderWithoutAGrafanaPassword(@TempDir Path dir) throws Exception {
    Path emptyEnv = java.nio.file.Files.writeString(dir.resolve("empty.env"), "");
    Tools.Result rendered =
        Tools.composeConfig(Fixtures.ROOT.resolve("docker-compose.yml"), emptyEnv);
    assertFalse(rendered.ok());
    assertTrue(rendered.stderr().contains("set GRAFANA_ADMIN_PASSWORD in .env"), rendered.stderr());
  }

  @Test
  void prometheusConfigsOfLabAndComposeAreValid() {
    for (String file : List.of("prometheus/prometheus.yml", "prometheus/prometheus-local.yml")) {
      Tools.Result check = Tools.run(Fixtures.ROOT, List.of("promtool", "check", "config", file));
      assertTrue(check.ok(), file + ": " + check.stdout() + check.stderr());
    }
  }

  @Test
  void localOverlayRendersIntoTypedObjectsThatLineUp(@TempDir Path dir) {
    Manifests.Parsed parsed =
        Manifests.parse(Fixtures.render(Fixtures.copyOfDeployment(dir), "local"));
    assertEquals(List.of(), KubernetesChecks.check(lab, parsed, false));
    assertEquals(
        Set.of(
            "api-gateway",
            "trainer-service",
            "metrics-service",
            "dataset-service",
            "prometheus",
            "grafana"),
        parsed.objects().stream()
            .filter(o -> o instanceof Deployment)
            .map(o -> o.getMetadata().getName())
            .collect(Collectors.toSet()));
    assertTrue(
        parsed.objects().stream()
            .allMatch(
                o ->
                    "optlab".equals(o.getMetadata().getNamespace())
                        || o.getKind().equals("Namespace")));
    assertEquals(1, parsed.scaledObjects().size());
    assertEquals(1, parsed.scaledObjects().get(0).spec().minReplicaCount());
  }

  @Test
  void gpuOverlayRunsTheCudaTrainerOnGpuNodesAndScalesToZero(@TempDir Path dir) {
    Manifests.Parsed parsed =
        Manifests.parse(Fixtures.render(Fixtures.copyOfDeployment(dir), "gpu"));
    assertEquals(List.of(), KubernetesChecks.check(lab, parsed, true));
    Deployment trainer = Fixtures.object(parsed.objects(), Deployment.class, "trainer-service");
    var container = trainer.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("optlab/trainer-service-gpu:latest", container.getImage());
    assertEquals("1", container.getResources().getLimits().get("nvidia.com/gpu").getAmount());
    assertEquals(0, parsed.scaledObjects().get(0).spec().minReplicaCount());
  }
}
