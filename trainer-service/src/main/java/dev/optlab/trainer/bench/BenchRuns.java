package dev.optlab.trainer.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.GridExpander;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.training.RunListener;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks share: a run spec from YAML, and a listener that reports nothing. */
final class BenchRuns {
  /** Listens to nothing: the bare loop without reporting. */
  static final RunListener SILENT =
      new RunListener() {
        @Override
        public void onStep(StepMetrics metrics) {}

        @Override
        public void onEpochEnd(EvalMetrics validation) {}
      };

  /** Defaults and overrides merged as the gateway would (the values here are known valid). */
  static RunSpec plan(String name, String baseYaml) throws Exception {
    ObjectNode base = (ObjectNode) Json.YAML.readTree(baseYaml);
    var trees =
        GridExpander.expand(
            new ExperimentSpec(name, null, base, List.of(), null), new ArrayList<>());
    return Json.MAPPER.treeToValue(trees.get(0).tree(), RunSpec.class);
  }

  private BenchRuns() {}
}
