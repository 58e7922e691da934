package dev.optlab.contracts.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.optlab.contracts.spec.Problem;
import java.util.List;

/** An RFC 9457 problem document; {@code problems} lists every field-level problem. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
    String type, String title, int status, String detail, String instance, List<Problem> problems) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static ProblemDetail of(int status, String title, String detail) {
    return new ProblemDetail("about:blank", title, status, detail, null, null);
  }
}
