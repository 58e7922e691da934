package dev.optlab.dataset.api;

import dev.optlab.dataset.DatasetService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a dataset is imported and can be served. */
@Readiness
@ApplicationScoped
public class DatasetReadiness implements HealthCheck {
  private final DatasetService datasets;

  DatasetReadiness(DatasetService datasets) {
    this.datasets = datasets;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("dataset");
    datasets.served().ifPresent(s -> builder.withData("version", s.manifest().version()));
    builder.withData("import", datasets.importStatus().state().name());
    return builder.status(datasets.served().isPresent()).build();
  }
}
