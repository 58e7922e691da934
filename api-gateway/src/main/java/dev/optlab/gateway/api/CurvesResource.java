package dev.optlab.gateway.api;

import dev.optlab.gateway.GatewayConfig;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An experiment's curves and run summaries, read from metrics-service for the comparison UI: the
 * browser talks only to the gateway, which may be the only service it can reach.
 */
@Path("/api/curves")
@Produces(MediaType.APPLICATION_JSON)
public class CurvesResource {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String metricsUrl;

  CurvesResource(GatewayConfig config) {
    this.metricsUrl = config.metricsUrl();
  }

  @GET
  @Path("/{experimentId}")
  public Response curves(
      @PathParam("experimentId") String experimentId,
      @QueryParam("maxPoints") @DefaultValue("400") int maxPoints) {
    return forward("/api/experiments/" + encode(experimentId) + "/metrics?maxPoints=" + maxPoints);
  }

  @GET
  @Path("/{experimentId}/summary")
  public Response summary(@PathParam("experimentId") String experimentId) {
    return forward("/api/experiments/" + encode(experimentId) + "/summary");
  }

  private Response forward(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(metricsUrl + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      String type = answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON);
      return Response.status(answer.statusCode()).type(type).entity(answer.body()).build();
    } catch (IOException e) {
      return Problems.problem(
              502, "metrics-service unreachable", "GET " + metricsUrl + path + ": " + e)
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.status(503).build();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
