package dev.optlab.gateway.api;

import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.contracts.spec.InvalidSpecException;
import dev.optlab.contracts.spec.Problem;
import dev.optlab.gateway.messaging.RunRequestPublisher;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 answers for every way a submission can fail. */
public class ProblemMappers {
  private static final String SPEC_PROBLEMS = "urn:optlab:problem:invalid-spec";

  @ServerExceptionMapper
  public Response invalidSpec(InvalidSpecException e) {
    return problem(
        400,
        SPEC_PROBLEMS,
        "Invalid experiment spec",
        e.problems().size() + " problem(s) in the spec; nothing was queued",
        e.problems());
  }

  @ServerExceptionMapper
  public Response unreadableSpec(ExperimentResource.SpecParseException e) {
    return problem(
        400, SPEC_PROBLEMS, "Invalid experiment spec", e.getMessage(), List.of(e.problem()));
  }

  @ServerExceptionMapper
  public Response brokerUnavailable(RunRequestPublisher.PublishException e) {
    return problem(503, "about:blank", "Run requests could not be queued", e.getMessage(), null);
  }

  private static Response problem(
      int status, String type, String title, String detail, List<Problem> problems) {
    return Response.status(status)
        .type(ProblemDetail.MEDIA_TYPE)
        .entity(new ProblemDetail(type, title, status, detail, null, problems))
        .build();
  }
}
