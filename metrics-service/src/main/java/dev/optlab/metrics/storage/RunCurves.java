package dev.optlab.metrics.storage;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.contracts.spec.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One run's curves, one point per (phase, step): an event for a step already held replaces it (a
 * redelivery, or a resumed attempt redoing the step), so no curve shows a step twice.
 */
public final class RunCurves {
  private final String runId;
  private final String experimentId;
  private final NavigableMap<Long, MetricEvent> train = new TreeMap<>();
  private final NavigableMap<Long, MetricEvent> validation = new TreeMap<>();
  private volatile RunSpec spec;
  private volatile RunStatusChanged lastStatus;
  private volatile MetricEvent lastTrain;
  private volatile MetricEvent lastValidation;

  RunCurves(String runId, String experimentId) {
    this.runId = runId;
    this.experimentId = experimentId;
  }

  /** Returns true when the event's step was new for its phase. */
  synchronized boolean add(MetricEvent event) {
    NavigableMap<Long, MetricEvent> curve = event.phase() == Phase.TRAIN ? train : validation;
    boolean added = curve.put(event.step(), event) == null;
    if (event.phase() == Phase.TRAIN) {
      if (lastTrain == null || event.step() >= lastTrain.step()) {
        lastTrain = event;
      }
    } else if (lastValidation == null || event.step() >= lastValidation.step()) {
      lastValidation = event;
    }
    return added;
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
    NavigableMap<Long, MetricEvent> curve = phase == Phase.TRAIN ? train : validation;
    return new ArrayList<>(curve.subMap(fromStep, true, toStep, true).values());
  }

  public List<MetricEvent> points(Phase phase) {
    return points(phase, Long.MIN_VALUE, Long.MAX_VALUE);
  }
}
