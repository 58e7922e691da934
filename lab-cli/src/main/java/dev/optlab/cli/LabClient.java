package dev.optlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.optlab.contracts.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP calls to the gateway and metrics-service. */
final class LabClient {
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  /** Nothing listens at the address: the stack is down, or the URL is wrong. */
  static final class Unreachable extends IOException {
    Unreachable(String url, Throwable cause) {
      super("nothing answers at " + URI.create(url).resolve("/"), cause);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private <T> HttpResponse<T> send(
      String url, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    try {
      return http.send(request, handler);
    } catch (ConnectException e) {
      throw new Unreachable(url, e);
    }
  }

  Answer get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            url,
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  Answer post(String url, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    // A gateway started with gateway.api-token accepts submissions only with that token.
    String token = System.getenv("LAB_API_TOKEN");
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        send(url, request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
