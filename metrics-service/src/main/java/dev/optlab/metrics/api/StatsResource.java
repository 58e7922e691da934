package dev.optlab.metrics.api;

import dev.optlab.metrics.messaging.EventConsumers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * What this service has consumed, as a small JSON document: the same counts as {@code
 * optlab_events_consumed_total} and {@code optlab_dead_letters_total}, without rendering every
 * run's series the way a Prometheus scrape does (330 KB with a few hundred runs), so it can be
 * polled often.
 */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
  public record Stats(Map<String, Long> consumed, Map<String, Long> deadLettered) {}

  private final EventConsumers consumers;

  StatsResource(EventConsumers consumers) {
    this.consumers = consumers;
  }

  @GET
  public Stats stats() {
    return new Stats(consumers.consumedByTopic(), consumers.deadLetteredByTopic());
  }
}
