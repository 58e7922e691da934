package dev.optlab.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the UI's JavaScript unit tests (src/test/js) with Node.js' built-in test runner. */
class ChartScriptTest {
  @Test
  void chartScalesAndTicksPassTheirNodeTests() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Path.of("target/js-test"));
    // Copied under .mjs names: Node loads them as ES modules without a package.json.
    Files.copy(
        Path.of("src/main/resources/META-INF/resources/chart.js"),
        dir.resolve("chart.mjs"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        Path.of("src/test/js/chart.test.mjs"),
        dir.resolve("chart.test.mjs"),
        StandardCopyOption.REPLACE_EXISTING);
    Process node;
    try {
      node =
          new ProcessBuilder("node", "--test", "chart.test.mjs")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError("Node.js is needed for the UI's script tests (node not found)", e);
    }
    String output = new String(node.getInputStream().readAllBytes());
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, node.exitValue(), output);
    assertTrue(output.contains("# pass 4") && output.contains("# fail 0"), output);
  }
}
