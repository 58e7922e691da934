package dev.optlab.bench;

import dev.optlab.contracts.Json;
import dev.optlab.contracts.Topics;
import dev.optlab.contracts.events.MetricEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load on metrics-service through the real broker, as trainers would produce it (keyed by run, lz4,
 * acks=all, idempotent):
 *
 * <pre>
 * MetricsLoad throughput BOOTSTRAP METRICS_URL EVENTS RUNS
 * MetricsLoad latency    BOOTSTRAP METRICS_URL RATE SECONDS
 * </pre>
 *
 * {@code throughput} produces EVENTS as fast as the producer can (the broker's produce rate, the
 * ceiling) while polling metrics-service's consumed-events count ({@code /api/stats}), and reports
 * both rates. {@code latency} produces at RATE events/s and measures, for every event, the time
 * from its timestamp to its arrival on the experiment's Server-Sent Events stream (pushed when the
 * point is stored, i.e. visible in the REST API).
 */
public final class MetricsLoad {
  private static final Pattern CONSUMED =
      Pattern.compile("\"consumed\":\\{[^}]*\"training-metrics\":(\\d+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "throughput" ->
          throughput(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "latency" ->
          latency(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("compression.type", "lz4");
    p.put("linger.ms", "5");
    p.put("batch.size", "262144");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** metrics-service's count of consumed training-metrics records, from its small stats page. */
  private static double consumed(String metricsUrl) throws Exception {
    String stats =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(metricsUrl + "/api/stats")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = CONSUMED.matcher(stats);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void throughput(String bootstrap, String metricsUrl, int events, int runs)
      throws Exception {
    String experiment = "load-" + Long.toHexString(System.nanoTime());
    List<String> payloads = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      int run = i % runs;
      long step = i / runs + 1;
      payloads.add(
          Json.write(
              MetricEvent.train(
                  experiment + "-r" + run,
                  experiment,
                  step,
                  1,
                  2.3 - step * 1e-5,
                  0.1,
                  0.001,
                  1.5,
                  1000,
                  64,
                  null)));
    }
    double before = consumed(metricsUrl);
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        producer.send(
            new ProducerRecord<>(
                Topics.TRAINING_METRICS, experiment + "-r" + (i % runs), payloads.get(i)));
      }
      producer.flush();
      double produceSeconds = (System.nanoTime() - start) / 1e9;
      double done;
      while ((done = consumed(metricsUrl) - before) < events) {
        Thread.sleep(20);
        if ((System.nanoTime() - start) / 1e9 > 300) {
          throw new IllegalStateException(
              "metrics-service consumed only " + done + " of " + events);
        }
      }
      double consumeSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "throughput: %d events, %d runs | broker produce rate %.0f events/s (%.2f s) | metrics-service consumed all in %.2f s: %.0f events/s%n",
          events,
          runs,
          events / produceSeconds,
          produceSeconds,
          consumeSeconds,
          events / consumeSeconds);
    }
  }

  private static void latency(String bootstrap, String metricsUrl, int rate, int seconds)
      throws Exception {
    String experiment = "latency-" + Long.toHexString(System.nanoTime());
    int total = rate * seconds;
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    // the worst latency of the events sent in each of the first seconds: shows a warm-up
    double[] worstBySecond = new double[Math.min(seconds, 8)];
    // and the worst time to the broker's acknowledgement: which side of the broker a stall is on
    double[] worstAckBySecond = new double[worstBySecond.length];
    long[] firstSent = new long[1];
    Thread listener =
        new Thread(
            () -> {
              try {
                HttpResponse<java.io.InputStream> response =
                    HTTP.send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    metricsUrl + "/api/experiments/" + experiment + "/stream"))
                            .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body()))) {
                  for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                      long now = System.nanoTime();
                      long step = Json.MAPPER.readTree(line.substring(5)).path("step").asLong();
                      Long sent = sentAt.get(step);
                      if (sent != null) {
                        double ms = (now - sent) / 1e6;
                        millis.add(ms);
                        int second = (int) ((sent - firstSent[0]) / 1_000_000_000L);
                        if (second < worstBySecond.length) {
                          worstBySecond[second] = Math.max(worstBySecond[second], ms);
                        }
                      }
                      if (millis.size() >= total) {
                        return;
                      }
                    }
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    listener.setDaemon(true);
    listener.start();
    Thread.sleep(1000);
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      // The producer's own start (metadata, connection, producer id) is not metrics-service's
      // latency: done before the clock starts, without sending a record.
      producer.partitionsFor(Topics.TRAINING_METRICS);
      Thread.sleep(500);
      long start = System.nanoTime();
      firstSent[0] = start;
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        long step = i + 1;
        long sent = System.nanoTime();
        sentAt.put(step, sent);
        int second = (int) ((sent - start) / 1_000_000_000L);
        producer.send(
            new ProducerRecord<>(
                Topics.TRAINING_METRICS,
                experiment + "-r0",
                Json.write(
                    MetricEvent.train(
                        experiment + "-r0",
                        experiment,
                        step,
                        1,
                        2.0,
                        0.1,
                        0.001,
                        1.0,
                        1000,
                        64,
                        null))),
            (metadata, error) -> {
              if (second < worstAckBySecond.length) {
                double ms = (System.nanoTime() - sent) / 1e6;
                synchronized (worstAckBySecond) {
                  worstAckBySecond[second] = Math.max(worstAckBySecond[second], ms);
                }
              }
            });
      }
      producer.flush();
    }
    listener.join(30_000);
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "latency at %d events/s for %d s: %d of %d events seen | p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        rate,
        seconds,
        sorted.size(),
        total,
        pct(sorted, 0.5),
        pct(sorted, 0.9),
        pct(sorted, 0.99),
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    printBySecond("worst by second sent:", worstBySecond);
    synchronized (worstAckBySecond) {
      printBySecond("worst to the broker's ack, by second sent:", worstAckBySecond);
    }
  }

  private static void printBySecond(String label, double[] millisBySecond) {
    StringBuilder line = new StringBuilder("  ").append(label);
    for (double millis : millisBySecond) {
      line.append(String.format(Locale.ROOT, " %.0f", millis));
    }
    System.out.println(line.append(" ms"));
  }

  private static double pct(List<Double> sorted, double q) {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
  }

  private MetricsLoad() {}
}
