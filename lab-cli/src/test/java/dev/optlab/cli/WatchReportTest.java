package dev.optlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.optlab.contracts.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway says every run ended before metrics-service has caught up (it reads run-status on its
 * own, and may be rebuilding after a restart): the report waits for both, so its figures are the
 * final ones.
 */
class WatchReportTest {
  private static final String CSV =
      "run,label,phase,step,epoch,loss,accuracy,lr\n"
          + "e-r01,\"Adam\",TRAIN,1,1,2.3,0.1,0.001\n"
          + "e-r01,\"Adam\",TRAIN,2,1,2.0,0.2,0.001\n"
          + "e-r01,\"Adam\",VAL,2,1,1.9,0.45,0.001\n";

  private final AtomicInteger readinessAsked = new AtomicInteger();
  private final AtomicInteger summariesAsked = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void reportWaitsForMetricsServiceToBeReadyAndToSeeEveryRunEnd(@TempDir Path reports)
      throws Exception {
    String base =
        startServices(
            // not ready for the first two asks (rebuilding), then ready
            () -> readinessAsked.incrementAndGet() <= 2 ? 503 : 200,
            // the run's end reaches metrics-service after the gateway's: RUNNING for three asks
            () -> {
              boolean ended = summariesAsked.incrementAndGet() > 3;
              return "[{\"runId\":\"e-r01\",\"label\":\"Adam\",\"state\":\""
                  + (ended ? "COMPLETED" : "RUNNING")
                  + "\",\"finalValidationAccuracy\":"
                  + (ended ? "0.45" : "0.3")
                  + "}]";
            });

    int code =
        new LabCli.Watch(
                base + "/gw", base, "e", Map.of("report", reports.toString(), "interval", "0.05"))
            .run();

    assertEquals(0, code);
    assertTrue(readinessAsked.get() >= 3, "asked until ready: " + readinessAsked.get());
    JsonNode summary = Json.MAPPER.readTree(reports.resolve("e/summary.json").toFile());
    assertEquals("COMPLETED", summary.path("runs").get(0).path("state").asText());
    assertEquals(0.45, summary.path("runs").get(0).path("finalValidationAccuracy").asDouble());
    assertEquals(CSV, Files.readString(reports.resolve("e/curves.csv")));
  }

  @Test
  void aReportThatCannotWaitLongerKeepsWhatItHas(@TempDir Path reports) throws Exception {
    String base =
        startServices(
            () -> 200,
            () -> {
              summariesAsked.incrementAndGet();
              return "[{\"runId\":\"e-r01\",\"label\":\"Adam\",\"state\":\"RUNNING\"}]";
            });

    new LabCli.Watch(
            base + "/gw",
            base,
            "e",
            Map.of("report", reports.toString(), "interval", "0.05", "settle-timeout", "0.6"))
        .run();

    assertTrue(summariesAsked.get() >= 3, "asked again until the timeout");
    JsonNode summary = Json.MAPPER.readTree(reports.resolve("e/summary.json").toFile());
    assertEquals("RUNNING", summary.path("runs").get(0).path("state").asText());
  }

  /**
   * A gateway (under /gw) whose one run has COMPLETED, and a metrics-service with the given
   * readiness and summaries; returns the base URL.
   */
  private String startServices(IntSupplier readiness, Supplier<String> summaries)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/gw/api/experiments/e",
        exchange ->
            answer(
                exchange,
                200,
                "{\"experimentId\":\"e\",\"runs\":[{\"runId\":\"e-r01\",\"label\":\"Adam\","
                    + "\"state\":\"COMPLETED\"}]}"));
    server.createContext(
        "/q/health/ready", exchange -> answer(exchange, readiness.getAsInt(), "{}"));
    server.createContext(
        "/api/experiments/e/summary", exchange -> answer(exchange, 200, summaries.get()));
    server.createContext("/api/experiments/e/curves.csv", exchange -> answer(exchange, 200, CSV));
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
