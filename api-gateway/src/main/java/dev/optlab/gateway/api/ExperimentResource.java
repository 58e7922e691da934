package dev.optlab.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.Problem;
import dev.optlab.contracts.spec.SeedExperiments;
import dev.optlab.gateway.GatewayConfig;
import dev.optlab.gateway.experiments.ExperimentRegistry;
import dev.optlab.gateway.experiments.ExperimentService;
import dev.optlab.gateway.experiments.ExperimentView;
import dev.optlab.gateway.messaging.CancelPublisher;
import dev.optlab.replay.ReplayReadiness;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.Readiness;

@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
  /** The top-level fields of a spec; any other is reported as unknown. */
  private static final List<String> SPEC_FIELDS =
      Arrays.stream(ExperimentSpec.class.getRecordComponents())
          .map(RecordComponent::getName)
          .toList();

  private final ExperimentService experiments;
  private final ExperimentRegistry registry;
  private final GatewayConfig config;
  private final CancelPublisher cancelPublisher;
  private final ReplayReadiness runStates;

  ExperimentResource(
      ExperimentService experiments,
      ExperimentRegistry registry,
      GatewayConfig config,
      CancelPublisher cancelPublisher,
      @Readiness ReplayReadiness runStates) {
    this.experiments = experiments;
    this.registry = registry;
    this.config = config;
    this.cancelPublisher = cancelPublisher;
    this.runStates = runStates;
  }

  public record AcceptedRun(String runId, String label) {}

  public record Accepted(
      String experimentId, String name, List<AcceptedRun> runs, Map<String, String> links) {}

  /** Submits an experiment written in JSON or YAML (by Content-Type). */
  @POST
  @Consumes({
    MediaType.APPLICATION_JSON,
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    MediaType.TEXT_PLAIN
  })
  public Response submit(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
    JsonNode tree = readTree(body, contentType);
    // Unknown top-level fields are reported with the spec's other problems, not instead of them.
    List<Problem> unknown = new ArrayList<>();
    if (tree instanceof ObjectNode fields) {
      List<String> names = new ArrayList<>();
      fields.fieldNames().forEachRemaining(names::add);
      for (String field : names) {
        if (!SPEC_FIELDS.contains(field)) {
          unknown.add(
              new Problem(field, "is not a known setting (an experiment has " + SPEC_FIELDS + ")"));
          fields.remove(field);
        }
      }
    }
    ExperimentSpec spec = toValue(tree, contentType, ExperimentSpec.class);
    return accepted(experiments.submit(spec, unknown));
  }

  @GET
  @Path("/seeds")
  public List<String> seeds() {
    return SeedExperiments.NAMES;
  }

  /** Runs a built-in experiment; an optional JSON body overrides its base settings. */
  @POST
  @Path("/seeds/{name}")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  public Response submitSeed(@PathParam("name") String name, String body) {
    ExperimentSpec seed =
        SeedExperiments.named(name)
            .orElseThrow(
                () ->
                    new SpecParseException(
                        "name",
                        "no built-in experiment '"
                            + name
                            + "'; built-in: "
                            + SeedExperiments.NAMES));
    ObjectNode overrides =
        body == null || body.isBlank()
            ? null
            : parse(body, MediaType.APPLICATION_JSON, ObjectNode.class);
    return accepted(experiments.submit(ExperimentService.withOverrides(seed, overrides)));
  }

  /** While run states are being rebuilt after a restart, the list would be partial: 503. */
  @GET
  public Response list() {
    Optional<String> rebuilding = runStates.rebuilding();
    if (rebuilding.isPresent()) {
      return stillRebuilding(rebuilding.get());
    }
    return Response.ok(registry.all()).build();
  }

  /**
   * While run states are being rebuilt, a known experiment comes with {@code rebuilding} set (a run
   * may show an earlier state than it has); one not seen yet is a 503, not a 404.
   */
  @GET
  @Path("/{id}")
  public Response get(@PathParam("id") String id) {
    Optional<String> rebuilding = runStates.rebuilding(); // asked first: then complete if empty
    Optional<ExperimentView> found = registry.find(id);
    if (found.isPresent()) {
      return Response.ok(rebuilding.map(found.get()::whileRebuilding).orElse(found.get())).build();
    }
    return rebuilding
        .map(ExperimentResource::stillRebuilding)
        .orElseGet(() -> Problems.notFound("no experiment " + id));
  }

  private static Response stillRebuilding(String rebuilding) {
    return Problems.problem(
            503, "urn:optlab:problem:rebuilding", "Run states incomplete", rebuilding, null)
        .header(HttpHeaders.RETRY_AFTER, 1)
        .build();
  }

  /** Cancels every run of the experiment that has not ended yet. */
  @POST
  @Path("/{id}/cancel")
  public Response cancelExperiment(
      @PathParam("id") String id,
      @QueryParam("reason") @DefaultValue("cancelled by user") String reason) {
    return registry
        .find(id)
        .map(
            experiment -> {
              List<String> runIds =
                  experiment.runs().stream()
                      .filter(r -> !r.state().isTerminal())
                      .map(ExperimentView.RunView::runId)
                      .toList();
              runIds.forEach(runId -> cancelPublisher.cancel(runId, reason));
              return Response.accepted(Map.of("cancelling", runIds)).build();
            })
        .orElseGet(() -> Problems.notFound("no experiment " + id));
  }

  private Response accepted(ExperimentService.Submitted submitted) {
    String id = submitted.experimentId();
    Map<String, String> links =
        Map.of(
            "self", "/api/experiments/" + id,
            "ui", "/#/experiments/" + id,
            "metrics", config.metricsUrl() + "/api/experiments/" + id + "/metrics",
            "grafana",
                config.grafanaUrl()
                    + "/d/optlab-comparison/optimizer-comparison?var-experiment="
                    + id);
    List<AcceptedRun> runs =
        submitted.runs().stream()
            .map((RunRequested r) -> new AcceptedRun(r.runId(), r.spec().label()))
            .toList();
    return Response.accepted(new Accepted(id, submitted.name(), runs, links))
        .location(URI.create("/api/experiments/" + id))
        .build();
  }

  private static <T> T parse(String body, String contentType, Class<T> type) {
    return toValue(readTree(body, contentType), contentType, type);
  }

  private static JsonNode readTree(String body, String contentType) {
    if (body == null || body.isBlank()) {
      throw new SpecParseException("", "the request has no body");
    }
    try {
      return (isYaml(contentType) ? Json.YAML : Json.MAPPER).readTree(body);
    } catch (JsonProcessingException e) {
      throw unreadable(e, contentType);
    }
  }

  private static <T> T toValue(JsonNode tree, String contentType, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw unreadable(e, contentType);
    }
  }

  private static boolean isYaml(String contentType) {
    return contentType != null && contentType.contains("yaml");
  }

  private static SpecParseException unreadable(JsonProcessingException e, String contentType) {
    // A value read from the parsed tree has no line of its own (Jackson reports -1): say none.
    String where =
        e.getLocation() == null || e.getLocation().getLineNr() < 1
            ? ""
            : " (line " + e.getLocation().getLineNr() + ")";
    return new SpecParseException(
        fieldOf(e),
        "cannot be read as "
            + (isYaml(contentType) ? "YAML" : "JSON")
            + where
            + ": "
            + e.getOriginalMessage());
  }

  private static String fieldOf(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
      return mapping.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
          .orElse("");
    }
    return "";
  }

  /** A body that is not a readable spec. */
  public static final class SpecParseException extends RuntimeException {
    private final Problem problem;

    SpecParseException(String field, String message) {
      super(message);
      this.problem = new Problem(field, message);
    }

    public Problem problem() {
      return problem;
    }
  }
}
