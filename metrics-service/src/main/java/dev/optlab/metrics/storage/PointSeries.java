package dev.optlab.metrics.storage;

import dev.optlab.contracts.Versioned;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One phase of one run's curve, ordered by step with one point per step, in parallel primitive
 * arrays (about 56 bytes a point instead of an event object and a map entry). Points nearly always
 * arrive in step order and are appended; a point for a step already held replaces it.
 */
final class PointSeries {
  private final Phase phase;
  private long[] steps = new long[64];
  private int[] epochs = new int[64];
  private double[] losses = new double[64];
  private double[] accuracies = new double[64];
  private double[] learningRates = new double[64];
  private float[] gradNorms = new float[64];
  private float[] samplesPerSecond = new float[64];
  private int[] samples = new int[64];
  private long[] atMillis = new long[64];
  private int size;

  PointSeries(Phase phase) {
    this.phase = phase;
  }

  int size() {
    return size;
  }

  /** Stores the event's point; true when its step was new. */
  boolean put(MetricEvent e) {
    int index =
        size > 0 && e.step() > steps[size - 1]
            ? -(size + 1)
            : Arrays.binarySearch(steps, 0, size, e.step());
    if (index >= 0) {
      set(index, e);
      return false;
    }
    int at = -(index + 1);
    if (size == steps.length) {
      grow();
    }
    if (at < size) {
      shift(at, at + 1, size - at);
    }
    set(at, e);
    size++;
    return true;
  }

  /** Points with fromStep ≤ step ≤ toStep, as events of the given run. */
  List<MetricEvent> range(long fromStep, long toStep, String runId, String experimentId) {
    int from = lowerBound(fromStep);
    List<MetricEvent> points = new ArrayList<>();
    for (int i = from; i < size && steps[i] <= toStep; i++) {
      points.add(event(i, runId, experimentId));
    }
    return points;
  }

  double loss(int index) {
    return losses[index];
  }

  /** Keeps only the points whose {@code keep} flag is set, in order. */
  void retain(boolean[] keep) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (keep[i]) {
        if (kept != i) {
          shift(i, kept, 1);
        }
        kept++;
      }
    }
    size = kept;
  }

  private MetricEvent event(int i, String runId, String experimentId) {
    boolean train = phase == Phase.TRAIN;
    return new MetricEvent(
        Versioned.CURRENT_SCHEMA_VERSION,
        runId,
        experimentId,
        phase,
        steps[i],
        epochs[i],
        losses[i],
        accuracies[i],
        learningRates[i],
        train && !Float.isNaN(gradNorms[i]) ? (double) gradNorms[i] : null,
        train && !Float.isNaN(samplesPerSecond[i]) ? (double) samplesPerSecond[i] : null,
        train && samples[i] >= 0 ? samples[i] : null,
        null,
        Instant.ofEpochMilli(atMillis[i]));
  }

  private void set(int i, MetricEvent e) {
    steps[i] = e.step();
    epochs[i] = e.epoch();
    losses[i] = e.loss();
    accuracies[i] = e.accuracy();
    learningRates[i] = e.learningRate();
    gradNorms[i] = e.gradNorm() == null ? Float.NaN : e.gradNorm().floatValue();
    samplesPerSecond[i] =
        e.samplesPerSecond() == null ? Float.NaN : e.samplesPerSecond().floatValue();
    samples[i] = e.samples() == null ? -1 : e.samples();
    atMillis[i] = e.at().toEpochMilli();
  }

  private int lowerBound(long step) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (steps[mid] < step) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private void shift(int from, int to, int count) {
    System.arraycopy(steps, from, steps, to, count);
    System.arraycopy(epochs, from, epochs, to, count);
    System.arraycopy(losses, from, losses, to, count);
    System.arraycopy(accuracies, from, accuracies, to, count);
    System.arraycopy(learningRates, from, learningRates, to, count);
    System.arraycopy(gradNorms, from, gradNorms, to, count);
    System.arraycopy(samplesPerSecond, from, samplesPerSecond, to, count);
    System.arraycopy(samples, from, samples, to, count);
    System.arraycopy(atMillis, from, atMillis, to, count);
  }

  private void grow() {
    int capacity = steps.length * 2;
    steps = Arrays.copyOf(steps, capacity);
    epochs = Arrays.copyOf(epochs, capacity);
    losses = Arrays.copyOf(losses, capacity);
    accuracies = Arrays.copyOf(accuracies, capacity);
    learningRates = Arrays.copyOf(learningRates, capacity);
    gradNorms = Arrays.copyOf(gradNorms, capacity);
    samplesPerSecond = Arrays.copyOf(samplesPerSecond, capacity);
    samples = Arrays.copyOf(samples, capacity);
    atMillis = Arrays.copyOf(atMillis, capacity);
  }
}
