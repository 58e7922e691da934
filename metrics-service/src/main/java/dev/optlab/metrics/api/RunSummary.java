package dev.optlab.metrics.api;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.events.RunState;
import dev.optlab.metrics.storage.RunCurves;
import java.time.Duration;
import java.util.List;

/**
 * A run at a glance, for progress and for the comparison table: where it is, its latest and best
 * validation accuracy, its final losses (train loss averaged over its last epoch) and its mean time
 * per epoch.
 */
public record RunSummary(
    String runId,
    String experimentId,
    String label,
    String spec,
    RunState state,
    String message,
    Integer epoch,
    Long step,
    Double trainLoss,
    Double trainAccuracy,
    Double samplesPerSecond,
    Double finalValidationAccuracy,
    Double bestValidationAccuracy,
    Integer bestValidationEpoch,
    Double finalTrainLoss,
    Double finalValidationLoss,
    Double secondsPerEpoch) {

  static RunSummary of(RunCurves run) {
    List<MetricEvent> train = run.points(Phase.TRAIN);
    List<MetricEvent> validation = run.points(Phase.VAL);
    MetricEvent lastTrain = run.lastTrain();
    MetricEvent lastValidation =
        validation.isEmpty() ? null : validation.get(validation.size() - 1);
    MetricEvent best =
        validation.stream()
            .max(java.util.Comparator.comparingDouble(MetricEvent::accuracy))
            .orElse(null);
    Double finalTrainLoss = null;
    if (lastTrain != null) {
      int lastEpoch = lastTrain.epoch();
      finalTrainLoss =
          train.stream()
              .filter(e -> e.epoch() == lastEpoch)
              .mapToDouble(MetricEvent::loss)
              .average()
              .orElse(Double.NaN);
    }
    Double secondsPerEpoch = null;
    if (lastValidation != null && !train.isEmpty()) {
      double seconds = Duration.between(train.get(0).at(), lastValidation.at()).toMillis() / 1000.0;
      secondsPerEpoch = seconds / lastValidation.epoch();
    }
    var status = run.lastStatus();
    return new RunSummary(
        run.runId(),
        run.experimentId(),
        run.spec() == null ? null : run.spec().label(),
        run.spec() == null ? null : run.spec().summary(),
        run.state(),
        status == null ? null : status.message(),
        lastTrain == null ? null : lastTrain.epoch(),
        lastTrain == null ? null : lastTrain.step(),
        lastTrain == null ? null : lastTrain.loss(),
        lastTrain == null ? null : lastTrain.accuracy(),
        lastTrain == null ? null : lastTrain.samplesPerSecond(),
        lastValidation == null ? null : lastValidation.accuracy(),
        best == null ? null : best.accuracy(),
        best == null ? null : best.epoch(),
        finalTrainLoss,
        lastValidation == null ? null : lastValidation.loss(),
        secondsPerEpoch);
  }
}
