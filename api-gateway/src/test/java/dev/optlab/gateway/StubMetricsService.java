package dev.optlab.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A metrics-service stand-in on a free port: knows experiment "exp-1" and records requests. */
public class StubMetricsService implements QuarkusTestResourceLifecycleManager {
  public static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  static final String CURVES =
      "{\"experimentId\":\"exp-1\",\"byStep\":[{\"runId\":\"exp-1-r1\",\"train\":[{\"step\":1,\"loss\":2.3}]}],\"byEpoch\":[]}";
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/experiments/",
        exchange -> {
          String uri = exchange.getRequestURI().toString();
          REQUESTS.add(uri);
          boolean known = uri.startsWith("/api/experiments/exp-1/metrics");
          byte[] body =
              (known ? CURVES : "{\"status\":404,\"detail\":\"no experiment\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Map<String, String> config = new HashMap<>(new InMemoryKafka().start());
    config.put("gateway.metrics-url", "http://127.0.0.1:" + server.getAddress().getPort());
    return config;
  }

  @Override
  public void stop() {
    server.stop(0);
  }
}
