package dev.optlab.gateway.api;

import dev.optlab.gateway.experiments.ExperimentRegistry;
import dev.optlab.gateway.messaging.CancelPublisher;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Cancels a run: the trainer holding it stops it within one step; a queued run is skipped. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
  private final ExperimentRegistry registry;
  private final CancelPublisher cancels;

  RunResource(ExperimentRegistry registry, CancelPublisher cancels) {
    this.registry = registry;
    this.cancels = cancels;
  }

  @POST
  @Path("/{runId}/cancel")
  public Response cancelRun(
      @PathParam("runId") String runId,
      @QueryParam("reason") @DefaultValue("cancelled by user") String reason) {
    boolean known =
        registry.all().stream()
            .flatMap(e -> e.runs().stream())
            .anyMatch(r -> r.runId().equals(runId));
    if (!known) {
      return Problems.notFound("no run " + runId);
    }
    cancels.cancel(runId, reason);
    return Response.accepted(Map.of("cancelling", List.of(runId))).build();
  }
}
