package dev.optlab.metrics.storage;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.contracts.spec.RunSpec;
import java.util.List;

/**
 * One run's curves, one point per (phase, step): an event for a step already held replaces it (a
 * redelivery, or a resumed attempt redoing the step), so no curve shows a step twice.
 */
public final class RunCurves {
  private final String runId;
  private final String experimentId;
  private final PointSeries train = new PointSeries(Phase.TRAIN);
  private final PointSeries validation = new PointSeries(Phase.VAL);
  private volatile RunSpec spec;
  private volatile RunStatusChanged lastStatus;
  private volatile MetricEvent lastTrain;
  private volatile MetricEvent lastValidation;
  private volatile java.util.Map<String, Double> lastLayerNorms = java.util.Map.of();
  private final int maxPoints;
  private long rawTrainPoints;
  private long rawValidationPoints;

  RunCurves(String runId, String experimentId, int maxPoints) {
    this.runId = runId;
    this.experimentId = experimentId;
    this.maxPoints = maxPoints;
  }

  /** Returns true when the event's step was new for its phase. */
  synchronized boolean add(MetricEvent event) {
    PointSeries curve = event.phase() == Phase.TRAIN ? train : validation;
    boolean added = curve.put(event);
    if (added) {
      if (event.phase() == Phase.TRAIN) {
        rawTrainPoints++;
      } else {
        rawValidationPoints++;
      }
      if (curve.size() > maxPoints) {
        compact(curve);
      }
    }
    if (event.layerGradNorms() != null) {
      lastLayerNorms = event.layerGradNorms();
    }
    if (event.phase() == Phase.TRAIN) {
      if (lastTrain == null || event.step() >= lastTrain.step()) {
        lastTrain = event;
      }
    } else if (lastValidation == null || event.step() >= lastValidation.step()) {
      lastValidation = event;
    }
    return added;
  }

  /** Halves the older half of a curve that outgrew its cap, keeping each pair's extreme. */
  private void compact(PointSeries curve) {
    boolean[] keep = new boolean[curve.size()];
    java.util.Arrays.fill(keep, true);
    int older = curve.size() / 2;
    for (int i = 0; i + 1 < older; i += 2) {
      boolean keepFirst = Math.abs(curve.loss(i)) >= Math.abs(curve.loss(i + 1));
      keep[keepFirst ? i + 1 : i] = false;
    }
    curve.retain(keep);
  }

  /** Points received per phase, counting those merged away by the cap. */
  public synchronized long rawCount(Phase phase) {
    return phase == Phase.TRAIN ? rawTrainPoints : rawValidationPoints;
  }

  public java.util.Map<String, Double> lastLayerNorms() {
    return lastLayerNorms;
  }

  void status(RunStatusChanged status) {
    this.lastStatus = status;
  }

  void spec(RunSpec spec) {
    this.spec = spec;
  }

  public String runId() {
    return runId;
  }

  public String experimentId() {
    return experimentId;
  }

  public RunSpec spec() {
    return spec;
  }

  public RunState state() {
    return lastStatus == null ? RunState.QUEUED : lastStatus.state();
  }

  public RunStatusChanged lastStatus() {
    return lastStatus;
  }

  public MetricEvent lastTrain() {
    return lastTrain;
  }

  public MetricEvent lastValidation() {
    return lastValidation;
  }

  public synchronized List<MetricEvent> points(Phase phase, long fromStep, long toStep) {
    return (phase == Phase.TRAIN ? train : validation).range(fromStep, toStep, runId, experimentId);
  }

  public List<MetricEvent> points(Phase phase) {
    return points(phase, Long.MIN_VALUE, Long.MAX_VALUE);
  }
}
