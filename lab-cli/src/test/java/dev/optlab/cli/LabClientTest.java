package dev.optlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LabClientTest {
  @Test
  void aStackThatIsDownIsNamedNotAStackTrace() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String gateway = "http://127.0.0.1:" + port;
    LabClient client = new LabClient();

    LabClient.Unreachable get =
        assertThrows(LabClient.Unreachable.class, () -> client.get(gateway + "/api/experiments/x"));
    LabClient.Unreachable post =
        assertThrows(
            LabClient.Unreachable.class,
            () -> client.post(gateway + "/api/experiments", "application/json", "{}"));

    assertEquals("nothing answers at " + gateway + "/", get.getMessage());
    assertEquals(get.getMessage(), post.getMessage());
  }
}
