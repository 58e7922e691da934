package dev.optlab.metrics.api;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.metrics.storage.CurveStore;
import dev.optlab.metrics.storage.RunCurves;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** Curves and summaries of runs and experiments, as received from the trainers. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
  private final CurveStore store;

  MetricsResource(CurveStore store) {
    this.store = store;
  }

  public record RunCurvesView(
      String runId,
      String experimentId,
      String label,
      RunSummary summary,
      List<CurvePoint> train,
      List<CurvePoint> validation) {
    static RunCurvesView of(RunCurves run, long fromStep, long toStep) {
      return new RunCurvesView(
          run.runId(),
          run.experimentId(),
          run.spec() == null ? null : run.spec().label(),
          RunSummary.of(run),
          run.points(Phase.TRAIN, fromStep, toStep).stream().map(CurvePoint::of).toList(),
          run.points(Phase.VAL, fromStep, toStep).stream().map(CurvePoint::of).toList());
    }
  }

  @GET
  @Path("/runs/{runId}/metrics")
  public Response run(
      @PathParam("runId") String runId,
      @QueryParam("fromStep") @DefaultValue("0") long fromStep,
      @QueryParam("toStep") @DefaultValue("9223372036854775807") long toStep) {
    return store
        .find(runId)
        .map(run -> Response.ok(RunCurvesView.of(run, fromStep, toStep)).build())
        .orElseGet(() -> notFound("no metrics for run " + runId));
  }

  @GET
  @Path("/experiments/{id}/metrics")
  public List<RunCurvesView> experiment(@PathParam("id") String experimentId) {
    return store.experiment(experimentId).stream()
        .map(run -> RunCurvesView.of(run, 0, Long.MAX_VALUE))
        .toList();
  }

  @GET
  @Path("/experiments/{id}/summary")
  public List<RunSummary> summary(@PathParam("id") String experimentId) {
    return store.experiment(experimentId).stream().map(RunSummary::of).toList();
  }

  @GET
  @Path("/experiments/{id}/curves.csv")
  @Produces("text/csv")
  public String curves(@PathParam("id") String experimentId) {
    StringBuilder csv = new StringBuilder("run,label,phase,step,epoch,loss,accuracy,lr\n");
    for (RunCurves run : store.experiment(experimentId)) {
      String label = run.spec() == null ? "" : run.spec().label().replace("\"", "'");
      for (Phase phase : Phase.values()) {
        for (MetricEvent e : run.points(phase)) {
          csv.append(run.runId())
              .append(",\"")
              .append(label)
              .append("\",")
              .append(phase)
              .append(',')
              .append(e.step())
              .append(',')
              .append(e.epoch())
              .append(',')
              .append(
                  String.format(
                      Locale.ROOT, "%.6g,%.6g,%.6g", e.loss(), e.accuracy(), e.learningRate()))
              .append('\n');
        }
      }
    }
    return csv.toString();
  }

  private static Response notFound(String detail) {
    return Response.status(404)
        .type(ProblemDetail.MEDIA_TYPE)
        .entity(ProblemDetail.of(404, "Not found", detail))
        .build();
  }
}
