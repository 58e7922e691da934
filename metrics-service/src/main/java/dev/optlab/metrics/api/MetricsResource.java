package dev.optlab.metrics.api;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.metrics.messaging.CurvesReadiness;
import dev.optlab.metrics.storage.CurveStore;
import dev.optlab.metrics.storage.Downsampling;
import dev.optlab.metrics.storage.RunCurves;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Curves and summaries of runs and experiments, as received from the trainers. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
  private final CurveStore store;
  private final CurvesReadiness replay;

  MetricsResource(CurveStore store, @Readiness CurvesReadiness replay) {
    this.store = store;
    this.replay = replay;
  }

  /**
   * A run's curves between two steps. {@code rawTrainPoints}/{@code rawValidationPoints} count
   * every point received; with {@code maxPoints} the curves are downsampled keeping extremes.
   */
  public record RunCurvesView(
      String runId,
      String experimentId,
      String label,
      RunSummary summary,
      long rawTrainPoints,
      long rawValidationPoints,
      List<CurvePoint> train,
      List<CurvePoint> validation) {
    static RunCurvesView of(
        RunCurves run, long fromStep, long toStep, int maxPoints, String phase) {
      boolean train = phase == null || phase.equalsIgnoreCase("TRAIN");
      boolean validation = phase == null || phase.equalsIgnoreCase("VAL");
      return new RunCurvesView(
          run.runId(),
          run.experimentId(),
          run.spec() == null ? null : run.spec().label(),
          RunSummary.of(run),
          run.rawCount(Phase.TRAIN),
          run.rawCount(Phase.VAL),
          train ? points(run, Phase.TRAIN, fromStep, toStep, maxPoints) : List.of(),
          validation ? points(run, Phase.VAL, fromStep, toStep, maxPoints) : List.of());
    }

    private static List<CurvePoint> points(
        RunCurves run, Phase phase, long from, long to, int maxPoints) {
      return Downsampling.minMax(run.points(phase, from, to), maxPoints).stream()
          .map(CurvePoint::of)
          .toList();
    }
  }

  /** One epoch of a run: mean train loss/accuracy over its steps and the validation pass. */
  public record EpochPoint(
      int epoch,
      long step,
      Double trainLoss,
      Double trainAccuracy,
      Double validationLoss,
      Double validationAccuracy) {}

  public record RunEpochs(String runId, String label, List<EpochPoint> epochs) {
    static RunEpochs of(RunCurves run) {
      Map<Integer, List<MetricEvent>> byEpoch = new TreeMap<>();
      run.points(Phase.TRAIN)
          .forEach(e -> byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(e));
      Map<Integer, MetricEvent> validation = new HashMap<>();
      run.points(Phase.VAL).forEach(e -> validation.put(e.epoch(), e));
      List<EpochPoint> epochs = new ArrayList<>();
      byEpoch.forEach(
          (epoch, events) -> {
            MetricEvent v = validation.get(epoch);
            epochs.add(
                new EpochPoint(
                    epoch,
                    events.get(events.size() - 1).step(),
                    events.stream().mapToDouble(MetricEvent::loss).average().orElse(Double.NaN),
                    events.stream().mapToDouble(MetricEvent::accuracy).average().orElse(Double.NaN),
                    v == null ? null : v.loss(),
                    v == null ? null : v.accuracy()));
          });
      return new RunEpochs(run.runId(), run.spec() == null ? null : run.spec().label(), epochs);
    }
  }

  /**
   * Every run of an experiment: curves by step (optionally downsampled) and by epoch. {@code
   * rebuilding} is null, or says that this service is still reading back its topics after a restart
   * and the curves are not complete yet.
   */
  public record ExperimentCurves(
      String experimentId,
      List<RunCurvesView> byStep,
      List<RunEpochs> byEpoch,
      String rebuilding) {}

  /** A point as pushed to live views. */
  public record LivePoint(
      String runId,
      String phase,
      long step,
      int epoch,
      double loss,
      double accuracy,
      double learningRate) {}

  @GET
  @Path("/runs/{runId}/metrics")
  public Response run(
      @PathParam("runId") String runId,
      @QueryParam("phase") String phase,
      @QueryParam("fromStep") @DefaultValue("0") long fromStep,
      @QueryParam("toStep") @DefaultValue("9223372036854775807") long toStep,
      @QueryParam("maxPoints") @DefaultValue("0") int maxPoints) {
    return store
        .find(runId)
        .map(run -> Response.ok(RunCurvesView.of(run, fromStep, toStep, maxPoints, phase)).build())
        .orElseGet(() -> notFound("no metrics for run " + runId));
  }

  @GET
  @Path("/experiments/{id}/metrics")
  public ExperimentCurves experiment(
      @PathParam("id") String experimentId,
      @QueryParam("maxPoints") @DefaultValue("0") int maxPoints) {
    String rebuilding = replay.rebuilding().orElse(null); // asked first: then complete if null
    List<RunCurves> runs = store.experiment(experimentId);
    return new ExperimentCurves(
        experimentId,
        runs.stream()
            .map(run -> RunCurvesView.of(run, 0, Long.MAX_VALUE, maxPoints, null))
            .toList(),
        runs.stream().map(RunEpochs::of).toList(),
        rebuilding);
  }

  /** Server-Sent Events: every new point of the experiment's runs, as it arrives. */
  @GET
  @Path("/experiments/{id}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<LivePoint> stream(@PathParam("id") String experimentId) {
    // Each subscriber buffers what it has not sent yet: a slow client never stalls the others.
    return store
        .live()
        .filter(e -> e.experimentId().equals(experimentId))
        .onOverflow()
        .buffer(65_536)
        .map(
            e ->
                new LivePoint(
                    e.runId(),
                    e.phase().name(),
                    e.step(),
                    e.epoch(),
                    e.loss(),
                    e.accuracy(),
                    e.learningRate()));
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
