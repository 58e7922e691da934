package dev.optlab.gateway.api;

import dev.optlab.contracts.spec.InvalidSpecException;
import dev.optlab.contracts.spec.Problem;
import dev.optlab.gateway.messaging.RunRequestPublisher;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 answers for every way a submission can fail. */
public class ProblemMappers {
  private static final String SPEC_PROBLEMS = "urn:optlab:problem:invalid-spec";

  @ServerExceptionMapper
  public Response invalidSpec(InvalidSpecException e) {
    return Problems.problem(
            400,
            SPEC_PROBLEMS,
            "Invalid experiment spec",
            e.problems().size() + " problem(s) in the spec; nothing was queued",
            e.problems())
        .build();
  }

  @ServerExceptionMapper
  public Response unreadableSpec(ExperimentResource.SpecParseException e) {
    return Problems.problem(
            400, SPEC_PROBLEMS, "Invalid experiment spec", e.getMessage(), List.of(e.problem()))
        .build();
  }

  @ServerExceptionMapper
  public Response brokerUnavailable(RunRequestPublisher.PublishException e) {
    String outcome =
        e.queued().isEmpty()
            ? "nothing was queued"
            : e.queued().size()
                + " run(s) had been queued before it and will run (cancel them if the experiment"
                + " is not wanted without the others)";
    List<Problem> runs = new ArrayList<>();
    e.queued().forEach(run -> runs.add(new Problem(run, "queued: it will run")));
    e.notQueued().forEach(run -> runs.add(new Problem(run, "not queued")));
    return Problems.problem(
            503,
            "urn:optlab:problem:not-queued",
            "Run requests could not be queued",
            e.getMessage() + "; " + outcome,
            runs)
        .build();
  }
}
