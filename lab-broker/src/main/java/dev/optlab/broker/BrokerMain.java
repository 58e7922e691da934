package dev.optlab.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the lab's broker as its own process: {@code BrokerMain DATA_DIR PORT CONTROLLER_PORT}.
 * Prints {@code READY host:port} and creates {@code DATA_DIR/ready} (the container health check)
 * once the topics exist, then serves until SIGTERM. {@code KAFKA_LISTEN_HOST} and {@code
 * KAFKA_ADVERTISED_HOST} (both 127.0.0.1 by default) let it serve other containers.
 */
public final class BrokerMain {
  public static void main(String[] args) throws InterruptedException, IOException {
    if (args.length != 3) {
      System.err.println("usage: BrokerMain DATA_DIR PORT CONTROLLER_PORT");
      System.exit(2);
    }
    long started = System.nanoTime();
    Path dataDir = Path.of(args[0]);
    Path readyFile = dataDir.resolve("ready");
    Files.deleteIfExists(readyFile);
    KraftBroker broker =
        KraftBroker.start(
            dataDir,
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            env("KAFKA_LISTEN_HOST", "127.0.0.1"),
            env("KAFKA_ADVERTISED_HOST", "127.0.0.1"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.deleteIfExists(readyFile);
                  } catch (IOException ignored) {
                    // the next start deletes it before serving
                  }
                  broker.close();
                  stopped.countDown();
                }));
    broker.createLabTopics();
    Files.writeString(readyFile, broker.bootstrapServers());
    System.out.printf(
        "READY %s (%.1f s)%n", broker.bootstrapServers(), (System.nanoTime() - started) / 1e9);
    System.out.flush();
    stopped.await();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private BrokerMain() {}
}
