package dev.optlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = StubMetricsService.class, restrictToAnnotatedClass = true)
class ComparisonUiTest {
  @Test
  void servesTheComparisonPageAndItsScripts() {
    given()
        .when()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("<script type=\"module\" src=\"app.js\">"));
    given().when().get("/app.js").then().statusCode(200).body(containsString("/api/curves/"));
    given()
        .when()
        .get("/chart.js")
        .then()
        .statusCode(200)
        .body(containsString("export function drawChart"));
  }

  @Test
  void curvesComeFromMetricsServiceUnchanged() {
    StubMetricsService.REQUESTS.clear();
    String body =
        given()
            .when()
            .get("/api/curves/exp-1?maxPoints=123")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertEquals(StubMetricsService.CURVES, body);
    assertEquals(
        "/api/experiments/exp-1/metrics?maxPoints=123", StubMetricsService.REQUESTS.get(0));
    given()
        .when()
        .get("/api/curves/nope")
        .then()
        .statusCode(404)
        .body("detail", equalTo("no experiment"));
  }
}
