package dev.optlab.metrics.messaging;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.MetricEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Reads generated metric events at start-up, off the consumer thread and without storing them, so
 * the first real events do not pay for the JSON mapper's set-up and for interpreted parsing: a
 * thread dump of a fresh service falling behind its first 2,000 events/s showed its consumer
 * building the mapper (a class initializer) when the first batch arrived. Measured on a fresh
 * stack, the first run's worst latency: 2.8 s without, 1.9–2.2 s with (bench/RESULTS.md). After a
 * restart with history, the rebuild warms the same path anyway.
 */
@ApplicationScoped
class ReaderWarmUp {
  private static final Logger LOG = Logger.getLogger(ReaderWarmUp.class);
  static final int EVENTS = 2_000;

  void onStart(@Observes StartupEvent event) {
    Thread thread = new Thread(ReaderWarmUp::readGeneratedEvents, "reader-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  static void readGeneratedEvents() {
    long started = System.nanoTime();
    double checksum = 0;
    for (int i = 1; i <= EVENTS; i++) {
      String json =
          Json.write(
              MetricEvent.train(
                  "warm-up", "warm-up", i, 1, 1.0 / i, 0.5, 0.001, 1.0, 1000, 64, null));
      checksum += Json.read(json, MetricEvent.class).loss();
    }
    LOG.infof(
        "JSON readers warmed up with %d generated events in %.2f s (checksum %.3f)",
        EVENTS, (System.nanoTime() - started) / 1e9, checksum);
  }
}
