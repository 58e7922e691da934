package dev.optlab.gateway.api;

import dev.optlab.contracts.http.ProblemDetail;
import dev.optlab.contracts.spec.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** RFC 9457 answers of the gateway: one place that builds them. */
final class Problems {
  static Response.ResponseBuilder problem(int status, String title, String detail) {
    return problem(status, "about:blank", title, detail, null);
  }

  static Response.ResponseBuilder problem(
      int status, String type, String title, String detail, List<Problem> problems) {
    return Response.status(status)
        .type(ProblemDetail.MEDIA_TYPE)
        .entity(new ProblemDetail(type, title, status, detail, null, problems));
  }

  static Response notFound(String detail) {
    return problem(404, "Not found", detail).build();
  }

  private Problems() {}
}
