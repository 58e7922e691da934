package dev.optlab.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.gateway.experiments.ExperimentRegistry;
import dev.optlab.gateway.experiments.ExperimentView;
import dev.optlab.replay.ReplayProgress;
import dev.optlab.replay.ReplayReadiness;
import jakarta.validation.Validation;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the experiment reads answer while the gateway rebuilds run states after a restart. */
class ReadsWhileRebuildingTest {
  private static final String REBUILDING =
      "rebuilding run states after a restart: run-requests consumed 3 of 8; run-status consumed 0"
          + " of 20";

  private final ExperimentRegistry registry = new ExperimentRegistry();
  private Optional<String> rebuilding = Optional.of(REBUILDING);
  private final ExperimentResource resource =
      new ExperimentResource(null, registry, null, null, new Rebuild());

  private final class Rebuild extends ReplayReadiness {
    Rebuild() {
      super(
          "run-states-rebuilt",
          "run states",
          true,
          new ReplayProgress("unused:1", "group", List.of(), "client"));
    }

    @Override
    public Optional<String> rebuilding() {
      return rebuilding;
    }
  }

  ReadsWhileRebuildingTest() {
    RunSpec spec =
        new ExperimentPlanner(Validation.buildDefaultValidatorFactory().getValidator())
            .plan(
                Json.read(
                    "{\"name\":\"seen\",\"base\":{\"optimizer\":{\"type\":\"adam\"}}}",
                    ExperimentSpec.class))
            .get(0)
            .spec();
    registry.requested(RunRequested.of("seen", "seen-r01", spec, Instant.EPOCH));
  }

  @Test
  void whileRebuildingTheListIsA503AndAnUnseenExperimentIsNotA404() {
    Response list = resource.list();
    assertEquals(503, list.getStatus());
    assertEquals("1", list.getHeaderString("Retry-After"));
    ProblemDetail problem = (ProblemDetail) list.getEntity();
    assertEquals("urn:optlab:problem:rebuilding", problem.type());
    assertEquals(REBUILDING, problem.detail());

    Response unseen = resource.get("not-yet");
    assertEquals(503, unseen.getStatus());
    assertEquals(REBUILDING, ((ProblemDetail) unseen.getEntity()).detail());

    Response seen = resource.get("seen");
    assertEquals(200, seen.getStatus());
    assertEquals(REBUILDING, ((ExperimentView) seen.getEntity()).rebuilding());
  }

  @Test
  void onceRebuiltTheAnswersAreCompleteAndAnUnknownExperimentIsA404() {
    rebuilding = Optional.empty();

    Response list = resource.list();
    assertEquals(200, list.getStatus());
    @SuppressWarnings("unchecked")
    List<ExperimentView> experiments = (List<ExperimentView>) list.getEntity();
    assertEquals(List.of("seen"), experiments.stream().map(ExperimentView::experimentId).toList());
    assertNull(experiments.get(0).rebuilding());

    assertEquals(404, resource.get("not-yet").getStatus());
    Response seen = resource.get("seen");
    assertEquals(200, seen.getStatus());
    assertNull(((ExperimentView) seen.getEntity()).rebuilding());
  }
}
