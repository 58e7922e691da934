package dev.optlab.contracts.events;

import static dev.optlab.contracts.Versioned.require;
import static dev.optlab.contracts.Versioned.requireVersion;

import dev.optlab.contracts.Versioned;
import java.time.Instant;

/**
 * One training step (phase TRAIN) or one evaluation pass (phase VAL) of a run, on {@code
 * training-metrics}. {@code step} counts optimizer updates from 1; a VAL event carries the step it
 * was taken after. {@code gradNorm} and {@code samplesPerSecond} are absent on VAL events.
 */
public record MetricEvent(
    int schemaVersion,
    String runId,
    String experimentId,
    Phase phase,
    long step,
    int epoch,
    double loss,
    double accuracy,
    double learningRate,
    Double gradNorm,
    Double samplesPerSecond,
    Integer samples,
    java.util.Map<String, Double> layerGradNorms,
    Instant at)
    implements Versioned {

  public static MetricEvent train(
      String runId,
      String experimentId,
      long step,
      int epoch,
      double loss,
      double accuracy,
      double learningRate,
      double gradNorm,
      double samplesPerSecond,
      int samples,
      java.util.Map<String, Double> layerGradNorms) {
    return new MetricEvent(
        CURRENT_SCHEMA_VERSION,
        runId,
        experimentId,
        Phase.TRAIN,
        step,
        epoch,
        loss,
        accuracy,
        learningRate,
        gradNorm,
        samplesPerSecond,
        samples,
        layerGradNorms,
        Instant.now());
  }

  public static MetricEvent validation(
      String runId,
      String experimentId,
      long step,
      int epoch,
      double loss,
      double accuracy,
      double learningRate) {
    return new MetricEvent(
        CURRENT_SCHEMA_VERSION,
        runId,
        experimentId,
        Phase.VAL,
        step,
        epoch,
        loss,
        accuracy,
        learningRate,
        null,
        null,
        null,
        null,
        Instant.now());
  }

  @Override
  public void checkComplete() {
    requireVersion(schemaVersion, "MetricEvent");
    require(runId, "runId", "MetricEvent");
    require(experimentId, "experimentId", "MetricEvent");
    require(phase, "phase", "MetricEvent");
    require(at, "at", "MetricEvent");
  }
}
