package dev.optlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client half of {@code ./lab}:
 *
 * <pre>
 * submit GATEWAY FILE|SEED [--epochs N] [--train-size N] [--val-size N] [--batch-size N]
 * watch GATEWAY METRICS EXPERIMENT_ID [--report DIR] [--interval SECONDS] [--settle-timeout SECONDS]
 * report REPORT_DIR [--title TITLE]
 * </pre>
 *
 * {@code submit} prints {@code EXPERIMENT <id>} as its last line. {@code watch} prints each run's
 * progress until every run has ended, writes the report folder ({@code summary.json}, {@code
 * curves.csv}, {@code curves.png}, {@code index.html}) once metrics-service has all of it, and
 * exits 1 if a run FAILED or was CANCELLED. {@code report} redraws the plots and page of a report
 * folder.
 */
public final class LabCli {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        options.put(args[i].substring(2), i + 1 < args.length ? args[++i] : "");
      } else {
        positional.add(args[i]);
      }
    }
    try {
      System.exit(run(args[0], positional, options));
    } catch (LabClient.Unreachable e) {
      System.err.println("lab: " + e.getMessage() + " (is the stack up? ./lab up)");
      System.exit(3);
    }
  }

  private static int run(String command, List<String> positional, Map<String, String> options)
      throws Exception {
    return switch (command) {
      case "submit" ->
          positional.size() == 2 ? submit(positional.get(0), positional.get(1), options) : usage();
      case "watch" ->
          positional.size() == 3
              ? new Watch(positional.get(0), positional.get(1), positional.get(2), options).run()
              : usage();
      case "report" -> {
        if (positional.size() != 1) {
          yield usage();
        }
        Path dir = Path.of(positional.get(0));
        ReportPlots.write(dir, options.getOrDefault("title", dir.getFileName().toString()));
        System.out.println("wrote " + dir.resolve("index.html") + " and curves.png");
        yield 0;
      }
      default -> usage();
    };
  }

  private static int usage() {
    System.err.println(
        "usage: submit GATEWAY FILE|SEED [--epochs N] [--train-size N] [--val-size N] [--batch-size N]\n"
            + "       watch GATEWAY METRICS EXPERIMENT_ID [--report DIR] [--interval SECONDS]"
            + " [--settle-timeout SECONDS]\n"
            + "       report REPORT_DIR [--title TITLE]");
    System.exit(2);
    return 2;
  }

  static int submit(String gateway, String target, Map<String, String> options) throws Exception {
    LabClient client = new LabClient();
    Path file = Path.of(target);
    LabClient.Answer answer;
    if (Files.isRegularFile(file)) {
      String name = file.getFileName().toString();
      String type =
          name.endsWith(".yaml") || name.endsWith(".yml") ? "application/yaml" : "application/json";
      answer = client.post(gateway + "/api/experiments", type, Files.readString(file));
    } else {
      answer =
          client.post(
              gateway + "/api/experiments/seeds/" + target,
              "application/json",
              Json.write(overrides(options)));
    }
    if (answer.status() != 202) {
      System.err.println("rejected (HTTP " + answer.status() + "):");
      System.err.println(
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer.json()));
      return 1;
    }
    JsonNode accepted = answer.json();
    for (JsonNode run : accepted.path("runs")) {
      System.out.println("  run " + run.path("runId").asText() + "  " + run.path("label").asText());
    }
    System.out.println("EXPERIMENT " + accepted.path("experimentId").asText());
    return 0;
  }

  static ObjectNode overrides(Map<String, String> options) {
    ObjectNode overrides = Json.MAPPER.createObjectNode();
    Map<String, String> keys =
        Map.of(
            "epochs",
            "epochs",
            "train-size",
            "trainSize",
            "val-size",
            "valSize",
            "batch-size",
            "batchSize",
            "seed",
            "seed");
    keys.forEach(
        (option, field) -> {
          if (options.containsKey(option)) {
            overrides.put(field, Long.parseLong(options.get(option)));
          }
        });
    return overrides;
  }

  /** Polls the experiment until every run has ended, printing progress, then reports. */
  static final class Watch {
    private final String gateway;
    private final String metrics;
    private final String experimentId;
    private final Path reportDir;
    private static final long SETTLE_POLL_MILLIS = 250;
    private final long intervalMillis;
    private final long settleMillis;
    private final LabClient client = new LabClient();

    Watch(String gateway, String metrics, String experimentId, Map<String, String> options) {
      this.gateway = gateway;
      this.metrics = metrics;
      this.experimentId = experimentId;
      this.reportDir =
          Path.of(options.getOrDefault("report", ".lab/reports")).resolve(experimentId);
      this.intervalMillis =
          (long) (Double.parseDouble(options.getOrDefault("interval", "5")) * 1000);
      this.settleMillis =
          (long) (Double.parseDouble(options.getOrDefault("settle-timeout", "300")) * 1000);
    }

    int run() throws Exception {
      long started = System.nanoTime();
      while (true) {
        JsonNode experiment = client.get(gateway + "/api/experiments/" + experimentId).json();
        JsonNode summaries =
            client.get(metrics + "/api/experiments/" + experimentId + "/summary").json();
        Map<String, JsonNode> byRun = new HashMap<>();
        summaries.forEach(s -> byRun.put(s.path("runId").asText(), s));
        boolean allEnded = experiment.path("runs").size() > 0;
        System.out.printf(Locale.ROOT, "[%5.0fs]%n", (System.nanoTime() - started) / 1e9);
        for (JsonNode run : experiment.path("runs")) {
          RunState state = RunState.valueOf(run.path("state").asText("QUEUED"));
          allEnded &= state.isTerminal();
          System.out.println(
              "  " + progressLine(run, byRun.get(run.path("runId").asText()), state));
        }
        if (allEnded) {
          return report(experiment, (System.nanoTime() - started) / 1e9);
        }
        Thread.sleep(intervalMillis);
      }
    }

    /**
     * metrics-service reads run-status itself, and after a restart it rebuilds its curves from
     * Kafka: before reporting, wait until it is ready (rebuilt) and has seen every run end too. A
     * report that could not wait says so rather than passing partial figures off as final.
     */
    private JsonNode settledSummaries(int runs) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + settleMillis * 1_000_000L;
      boolean waitingSaid = false;
      while (client.get(metrics + "/q/health/ready").status() != 200) {
        if (System.nanoTime() > deadline) {
          System.err.println(
              "warning: metrics-service still not ready (rebuilding its curves?): the report may"
                  + " be incomplete");
          break;
        }
        if (!waitingSaid) {
          System.out.println("waiting for metrics-service to finish rebuilding its curves");
          waitingSaid = true;
        }
        Thread.sleep(SETTLE_POLL_MILLIS);
      }
      while (true) {
        JsonNode summaries =
            client.get(metrics + "/api/experiments/" + experimentId + "/summary").json();
        List<String> unsettled = new ArrayList<>();
        for (JsonNode s : summaries) {
          if (!RunState.valueOf(s.path("state").asText("QUEUED")).isTerminal()) {
            unsettled.add(s.path("label").asText(s.path("runId").asText()));
          }
        }
        if (summaries.size() == runs && unsettled.isEmpty()) {
          return summaries;
        }
        if (System.nanoTime() > deadline) {
          System.err.printf(
              "warning: metrics-service has %d of %d runs, not ended yet: %s%n",
              summaries.size(), runs, unsettled);
          return summaries;
        }
        Thread.sleep(SETTLE_POLL_MILLIS);
      }
    }

    private static String progressLine(JsonNode run, JsonNode summary, RunState state) {
      String label = String.format("%-14s", run.path("label").asText());
      if (summary == null
          || summary.path("step").isMissingNode()
          || summary.path("step").isNull()) {
        return label + " " + state;
      }
      String validation =
          summary.path("finalValidationAccuracy").isNumber()
              ? String.format(
                  Locale.ROOT, "  val acc %.4f", summary.path("finalValidationAccuracy").asDouble())
              : "";
      return String.format(
          Locale.ROOT,
          "%s epoch %d step %5d  loss %s  acc %.3f  %6.0f img/s%s  %s",
          label,
          summary.path("epoch").asInt(),
          summary.path("step").asLong(),
          Figures.figure(summary.path("trainLoss").asDouble()),
          summary.path("trainAccuracy").asDouble(),
          summary.path("samplesPerSecond").asDouble(),
          validation,
          state);
    }

    private int report(JsonNode experiment, double wallSeconds)
        throws IOException, InterruptedException {
      Files.createDirectories(reportDir);
      JsonNode summaries = settledSummaries(experiment.path("runs").size());
      ObjectNode report = Json.MAPPER.createObjectNode();
      report.put("experimentId", experimentId);
      report.put("wallSeconds", Math.round(wallSeconds));
      report.set("runs", summaries);
      Files.writeString(
          reportDir.resolve("summary.json"),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      Files.writeString(
          reportDir.resolve("curves.csv"),
          client.get(metrics + "/api/experiments/" + experimentId + "/curves.csv").body());
      ReportPlots.write(reportDir, experimentId);
      System.out.println();
      System.out.printf(
          "%-16s %-10s %9s %9s %10s %9s %8s%n",
          "run", "state", "final val", "best val", "train loss", "val loss", "s/epoch");
      boolean failed = false;
      for (JsonNode s : summaries) {
        RunState state = RunState.valueOf(s.path("state").asText());
        failed |= state == RunState.FAILED || state == RunState.CANCELLED;
        System.out.printf(
            Locale.ROOT,
            "%-16s %-10s %9.4f %9.4f %10s %9s %8.1f%n",
            s.path("label").asText(),
            state,
            s.path("finalValidationAccuracy").asDouble(Double.NaN),
            s.path("bestValidationAccuracy").asDouble(Double.NaN),
            Figures.figure(s.path("finalTrainLoss").asDouble(Double.NaN)),
            Figures.figure(s.path("finalValidationLoss").asDouble(Double.NaN)),
            s.path("secondsPerEpoch").asDouble(Double.NaN));
        if (state == RunState.FAILED || state == RunState.DIVERGED) {
          System.out.println("    " + s.path("message").asText());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%nreport: %s (index.html, curves.png, summary.json, curves.csv); wall time %.0f s%n",
          reportDir,
          wallSeconds);
      return failed ? 1 : 0;
    }
  }

  private LabCli() {}
}
