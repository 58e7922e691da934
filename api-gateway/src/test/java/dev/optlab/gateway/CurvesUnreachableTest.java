package dev.optlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(CurvesUnreachableTest.NoMetricsService.class)
@QuarkusTestResource(InMemoryKafka.class)
class CurvesUnreachableTest {
  public static final class NoMetricsService implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.metrics-url", "http://127.0.0.1:1");
    }
  }

  @Test
  void unreachableMetricsServiceIsA502ProblemNamingIt() {
    given()
        .when()
        .get("/api/curves/exp-1")
        .then()
        .statusCode(502)
        .contentType("application/problem+json")
        .body("title", containsString("metrics-service unreachable"))
        .body("detail", containsString("http://127.0.0.1:1/api/experiments/exp-1/metrics"));
  }
}
