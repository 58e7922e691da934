package dev.optlab.metrics.storage;

import dev.optlab.contracts.events.MetricEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Min/max bucket downsampling: the points are cut into {@code maxPoints / 2} buckets of equal count
 * and each bucket keeps its lowest-loss and highest-loss points in step order, so spikes and dips
 * survive while the curve's size is bounded.
 */
public final class Downsampling {
  public static List<MetricEvent> minMax(List<MetricEvent> points, int maxPoints) {
    if (maxPoints <= 0 || points.size() <= maxPoints) {
      return points;
    }
    int buckets = Math.max(1, maxPoints / 2);
    List<MetricEvent> kept = new ArrayList<>(buckets * 2);
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * points.size() / buckets);
      int to = (int) ((long) (b + 1) * points.size() / buckets);
      if (from >= to) {
        continue;
      }
      MetricEvent low = points.get(from);
      MetricEvent high = points.get(from);
      for (int i = from + 1; i < to; i++) {
        MetricEvent p = points.get(i);
        if (p.loss() < low.loss()) {
          low = p;
        }
        if (p.loss() > high.loss()) {
          high = p;
        }
      }
      if (low == high) {
        kept.add(low);
      } else if (low.step() < high.step()) {
        kept.add(low);
        kept.add(high);
      } else {
        kept.add(high);
        kept.add(low);
      }
    }
    return kept;
  }

  private Downsampling() {}
}
