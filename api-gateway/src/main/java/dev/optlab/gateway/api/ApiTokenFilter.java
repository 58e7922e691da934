package dev.optlab.gateway.api;

import dev.optlab.gateway.GatewayConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards every changing request with the configured API token ({@code gateway.api-token}). */
public final class ApiTokenFilter {
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final String BEARER = "Bearer ";

  private final Optional<byte[]> token;

  ApiTokenFilter(GatewayConfig config) {
    this.token = config.apiToken().map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @ServerRequestFilter
  public Optional<Response> requireToken(ContainerRequestContext request) {
    if (token.isEmpty() || READ_METHODS.contains(request.getMethod())) {
      return Optional.empty();
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null
        && header.startsWith(BEARER)
        && MessageDigest.isEqual(
            token.get(), header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    String detail =
        header == null
            ? "this gateway needs 'Authorization: Bearer <token>' for " + request.getMethod()
            : "the bearer token is not this gateway's API token";
    return Optional.of(
        Problems.problem(401, "Unauthorized", detail)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .build());
  }
}
