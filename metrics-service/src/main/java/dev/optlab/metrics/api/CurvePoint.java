package dev.optlab.metrics.api;

import dev.optlab.contracts.events.MetricEvent;

/** One point of a curve as the REST API returns it. */
public record CurvePoint(
    long step,
    int epoch,
    double loss,
    double accuracy,
    double learningRate,
    Double gradNorm,
    Double samplesPerSecond) {
  static CurvePoint of(MetricEvent e) {
    return new CurvePoint(
        e.step(),
        e.epoch(),
        e.loss(),
        e.accuracy(),
        e.learningRate(),
        e.gradNorm(),
        e.samplesPerSecond());
  }
}
