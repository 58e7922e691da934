package dev.optlab.gateway.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.gateway.experiments.ExperimentRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the registry in step with Kafka; an unreadable record throws and is dead-lettered. */
@ApplicationScoped
public class StateConsumers {
  private final ExperimentRegistry registry;

  StateConsumers(ExperimentRegistry registry) {
    this.registry = registry;
  }

  @Incoming(Channels.RUN_REQUESTS_IN)
  public void onRequest(String json) {
    registry.requested(Json.read(json, RunRequested.class));
  }

  @Incoming(Channels.RUN_STATUS_IN)
  public void onStatus(String json) {
    registry.status(Json.read(json, RunStatusChanged.class));
  }
}
