package dev.optlab.dataset.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.dataset.importing.BatchVerifier;
import dev.optlab.dataset.importing.CifarFixtureFiles;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetResourceTest {

  @Test
  @Order(1)
  void notReadyAndNotFoundBeforeAnyImport() {
    given().get("/q/health/ready").then().statusCode(503);
    given().get("/api/datasets").then().statusCode(200).body("size()", equalTo(0));
    given()
        .get("/api/datasets/cifar10/manifest")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("dataset cifar10 is not imported"));
  }

  @Test
  @Order(2)
  void importThenServeShardsWithEtagsAndRanges() throws Exception {
    Path folder =
        CifarFixtureFiles.folder(Files.createTempDirectory("cifar"), CifarFixtureFiles.batches());
    given()
        .contentType("application/json")
        .body("{\"source\":\"" + folder + "\"}")
        .post("/api/datasets/cifar10/import")
        .then()
        .statusCode(200)
        .body("splits.train.records", equalTo(600));
    given().get("/q/health/ready").then().statusCode(200);

    String sha =
        given()
            .get("/api/datasets/cifar10/manifest")
            .then()
            .statusCode(200)
            .extract()
            .path("splits.train.shards[0].sha256");
    byte[] shard =
        given()
            .get("/api/datasets/cifar10/shards/train-000")
            .then()
            .statusCode(200)
            .header("ETag", "\"" + sha + "\"")
            .header("Accept-Ranges", "bytes")
            .extract()
            .asByteArray();
    assertEquals(sha, BatchVerifier.hex("SHA-256", shard));
    assertEquals(600 * 3073, shard.length);

    given()
        .header("If-None-Match", "\"" + sha + "\"")
        .get("/api/datasets/cifar10/shards/train-000")
        .then()
        .statusCode(304);

    byte[] part =
        given()
            .header("Range", "bytes=3073-6145")
            .get("/api/datasets/cifar10/shards/train-000")
            .then()
            .statusCode(206)
            .header("Content-Range", "bytes 3073-6145/" + shard.length)
            .extract()
            .asByteArray();
    assertArrayEquals(Arrays.copyOfRange(shard, 3073, 6146), part);
    byte[] tail =
        given()
            .header("Range", "bytes=-10")
            .get("/api/datasets/cifar10/shards/train-000")
            .then()
            .statusCode(206)
            .extract()
            .asByteArray();
    assertArrayEquals(Arrays.copyOfRange(shard, shard.length - 10, shard.length), tail);
    given()
        .header("Range", "bytes=99999999-")
        .get("/api/datasets/cifar10/shards/train-000")
        .then()
        .statusCode(416)
        .header("Content-Range", "bytes */" + shard.length);

    given()
        .get("/api/datasets/cifar10/shards/train-999")
        .then()
        .statusCode(404)
        .body("detail", equalTo("dataset cifar10 has no shard train-999"));
    given().get("/api/datasets/mnist/manifest").then().statusCode(404);
  }

  @Test
  @Order(3)
  void rejectedImportAnswers422AndKeepsServing() {
    String version = given().get("/api/datasets").then().extract().path("[0].version");
    given()
        .contentType("application/json")
        .body("{\"source\":\"/no/such/folder\"}")
        .post("/api/datasets/cifar10/import")
        .then()
        .statusCode(422)
        .body("detail", startsWith("/no/such/folder: no such file or folder"));
    given()
        .get("/api/datasets")
        .then()
        .body("[0].version", equalTo(version))
        .body("[0].lastImport.state", equalTo("FAILED"));
  }
}
