package dev.optlab.gateway.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.spec.ExperimentPlanner;
import dev.optlab.contracts.spec.ExperimentSpec;
import dev.optlab.contracts.spec.InvalidSpecException;
import dev.optlab.contracts.spec.PlannedRun;
import dev.optlab.contracts.spec.Problem;
import dev.optlab.gateway.messaging.RunRequestPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Validates and expands a spec, then queues one run request per run. */
@ApplicationScoped
public class ExperimentService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ExperimentPlanner planner;
  private final RunRequestPublisher publisher;
  private final ExperimentRegistry registry;

  ExperimentService(
      Validator validator, RunRequestPublisher publisher, ExperimentRegistry registry) {
    this.planner = new ExperimentPlanner(validator);
    this.publisher = publisher;
    this.registry = registry;
  }

  public record Submitted(String experimentId, String name, List<RunRequested> runs) {}

  /** Throws {@code InvalidSpecException} with every problem before anything is published. */
  public Submitted submit(ExperimentSpec spec) {
    return submit(spec, List.of());
  }

  /**
   * As {@link #submit(ExperimentSpec)}, with problems already found in the spec's text (which the
   * spec record cannot hold) reported first among the spec's own.
   */
  public Submitted submit(ExperimentSpec spec, List<Problem> foundWhileReading) {
    List<PlannedRun> planned;
    try {
      planned = planner.plan(spec);
    } catch (InvalidSpecException e) {
      List<Problem> all = new ArrayList<>(foundWhileReading);
      all.addAll(e.problems());
      throw new InvalidSpecException(all);
    }
    if (!foundWhileReading.isEmpty()) {
      throw new InvalidSpecException(foundWhileReading);
    }
    String experimentId = spec.name() + "-" + HexFormat.of().formatHex(randomBytes());
    Instant now = Instant.now();
    List<RunRequested> requests =
        planned.stream()
            .map(
                run ->
                    RunRequested.of(
                        experimentId,
                        String.format("%s-r%02d", experimentId, run.index() + 1),
                        run.spec(),
                        now))
            .toList();
    requests.forEach(registry::requested);
    try {
      publisher.publish(requests);
    } catch (RunRequestPublisher.PublishException e) {
      registry.forget(experimentId, e.notQueued());
      throw e;
    }
    return new Submitted(experimentId, spec.name(), requests);
  }

  /** A built-in experiment with {@code overrides} merged over its base settings. */
  public static ExperimentSpec withOverrides(ExperimentSpec seed, ObjectNode overrides) {
    if (overrides == null || overrides.isEmpty()) {
      return seed;
    }
    ObjectNode base = seed.base() == null ? Json.MAPPER.createObjectNode() : seed.base().deepCopy();
    base.setAll(overrides);
    return new ExperimentSpec(seed.name(), seed.description(), base, seed.runs(), seed.grid());
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[3];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
