package dev.optlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.gateway.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(InMemoryKafka.class)
class ApiTokenTest {
  private static final String SPEC =
      "{\"name\":\"guarded\",\"base\":{\"optimizer\":{\"type\":\"adam\"}}}";

  public static final class WithToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.api-token", "s3cret-token");
    }
  }

  @Inject @Any InMemoryConnector connector;

  @BeforeEach
  void clear() {
    connector.sink(Channels.RUN_REQUESTS_OUT).clear();
  }

  @Test
  void submissionWithoutTheTokenIsRejectedAndQueuesNothing() {
    given()
        .contentType("application/json")
        .body(SPEC)
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .contentType("application/problem+json")
        .body("detail", containsString("Authorization: Bearer"));
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer wrong-token")
        .body(SPEC)
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(401)
        .body("detail", containsString("not this gateway's API token"));
    assertEquals(0, connector.sink(Channels.RUN_REQUESTS_OUT).received().size());
  }

  @Test
  void submissionWithTheTokenIsAcceptedAndReadingNeedsNoToken() {
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer s3cret-token")
        .body(SPEC)
        .when()
        .post("/api/experiments")
        .then()
        .statusCode(202);
    assertEquals(1, connector.sink(Channels.RUN_REQUESTS_OUT).received().size());
    given().when().get("/api/experiments/seeds").then().statusCode(200);
  }
}
