package dev.optlab.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the lab's broker as its own process: {@code BrokerMain DATA_DIR PORT CONTROLLER_PORT}.
 * Prints {@code READY host:port} once the topics exist, then serves until SIGTERM.
 */
public final class BrokerMain {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: BrokerMain DATA_DIR PORT CONTROLLER_PORT");
      System.exit(2);
    }
    long started = System.nanoTime();
    KraftBroker broker =
        KraftBroker.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                }));
    broker.createLabTopics();
    System.out.printf(
        "READY %s (%.1f s)%n", broker.bootstrapServers(), (System.nanoTime() - started) / 1e9);
    System.out.flush();
    stopped.await();
  }

  private BrokerMain() {}
}
