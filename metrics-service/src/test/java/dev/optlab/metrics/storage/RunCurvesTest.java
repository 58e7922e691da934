package dev.optlab.metrics.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCurvesTest {
  @Test
  void aCurveBeyondItsCapIsCompactedKeepingSpikesAndTheRecentPoints() {
    RunCurves curves = new RunCurves("r", "e", 100);
    for (int step = 1; step <= 300; step++) {
      double loss = step == 37 ? 99.0 : 2.0 - step * 0.001;
      curves.add(MetricEvent.train("r", "e", step, 1, loss, 0.5, 0.01, 1.0, 10.0, 8, null));
    }
    List<MetricEvent> points = curves.points(Phase.TRAIN);
    assertTrue(points.size() <= 100, "capped: " + points.size());
    assertEquals(300, curves.rawCount(Phase.TRAIN));
    assertTrue(
        points.stream().anyMatch(p -> p.step() == 37 && p.loss() == 99.0), "the spike survives");
    assertEquals(300, points.get(points.size() - 1).step(), "the newest point is kept");
    for (int i = 1; i < points.size(); i++) {
      assertTrue(
          points.get(i - 1).step() < points.get(i).step(), "still one point per step, in order");
    }
  }

  @Test
  void aLateStepIsInsertedInOrderAndARepeatedStepReplaced() {
    RunCurves curves = new RunCurves("r", "e", 100);
    for (long step : new long[] {1, 2, 5, 3}) {
      curves.add(MetricEvent.train("r", "e", step, 1, step, 0.5, 0.01, 1.0, 10.0, 8, null));
    }
    curves.add(MetricEvent.train("r", "e", 2, 1, 42.0, 0.5, 0.01, 1.0, 10.0, 8, null));
    List<MetricEvent> points = curves.points(Phase.TRAIN);
    assertEquals(List.of(1L, 2L, 3L, 5L), points.stream().map(MetricEvent::step).toList());
    assertEquals(42.0, points.get(1).loss());
    assertEquals(
        List.of(3L), curves.points(Phase.TRAIN, 3, 4).stream().map(MetricEvent::step).toList());
    assertEquals(4, curves.rawCount(Phase.TRAIN));
  }
}
