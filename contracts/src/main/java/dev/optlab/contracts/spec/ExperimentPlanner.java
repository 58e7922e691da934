package dev.optlab.contracts.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.optlab.contracts.Json;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link ExperimentSpec} into validated runs, or reports every problem at once: unknown or
 * mistyped settings, then every Bean Validation violation of every run. A problem shared by all
 * runs is reported once, without a run prefix.
 */
public final class ExperimentPlanner {
  private final Validator validator;

  public ExperimentPlanner(Validator validator) {
    this.validator = validator;
  }

  public List<PlannedRun> plan(ExperimentSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (ConstraintViolation<ExperimentSpec> violation : validator.validate(spec)) {
      problems.add(new Problem(violation.getPropertyPath().toString(), violation.getMessage()));
    }
    List<GridExpander.RunTree> trees = GridExpander.expand(spec, problems);
    Map<Problem, Set<Integer>> runProblems = new LinkedHashMap<>();
    List<PlannedRun> runs = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      List<Problem> found = new ArrayList<>();
      RunSpec run = convert(trees.get(i), found);
      if (run != null) {
        // A setting that could not be read is null now; "must not be null" would say it twice.
        Set<String> unreadable = new java.util.HashSet<>();
        found.forEach(problem -> unreadable.add(problem.field()));
        for (ConstraintViolation<RunSpec> violation : validator.validate(run)) {
          if (!unreadable.contains(fieldName(violation))) {
            found.add(new Problem(fieldName(violation), violation.getMessage()));
          }
        }
        runs.add(new PlannedRun(i, run.label(), run));
      }
      for (Problem problem : found) {
        runProblems.computeIfAbsent(problem, p -> new LinkedHashSet<>()).add(i);
      }
    }
    runProblems.forEach(
        (problem, runIndexes) -> {
          if (runIndexes.size() == trees.size()) {
            problems.add(problem);
          } else {
            for (int index : runIndexes) {
              problems.add(
                  new Problem(
                      "runs[" + index + "] (" + trees.get(index).label() + ")." + problem.field(),
                      problem.message()));
            }
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return runs;
  }

  private static String fieldName(ConstraintViolation<RunSpec> violation) {
    String path = violation.getPropertyPath().toString();
    return path.endsWith("thresholdGiven") ? path.replace("thresholdGiven", "threshold") : path;
  }

  /** Reads a run tree, recording unknown and mistyped settings instead of failing on the first. */
  private static RunSpec convert(GridExpander.RunTree tree, List<Problem> found) {
    try {
      return LENIENT_RUN_READER.withHandler(new RecordingHandler(found)).readValue(tree.tree());
    } catch (JsonProcessingException e) {
      found.add(new Problem("", "cannot be read: " + e.getOriginalMessage()));
      return null;
    } catch (IOException e) {
      found.add(new Problem("", "cannot be read: " + e.getMessage()));
      return null;
    }
  }

  private static final ObjectReader LENIENT_RUN_READER =
      Json.MAPPER
          .readerFor(RunSpec.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final class RecordingHandler extends DeserializationProblemHandler {
    private final List<Problem> found;

    RecordingHandler(List<Problem> found) {
      this.found = found;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      found.add(new Problem(path(parser, propertyName), "is not a known setting"));
      parser.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext context, Class<?> targetType, String value, String failureMsg) {
      found.add(
          new Problem(
              path(context.getParser(), null),
              "'" + value + "' is not a valid " + targetType.getSimpleName().toLowerCase()));
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext context,
        com.fasterxml.jackson.databind.JavaType targetType,
        com.fasterxml.jackson.core.JsonToken token,
        JsonParser parser,
        String failureMsg)
        throws IOException {
      found.add(
          new Problem(
              path(parser, null),
              "expected a " + targetType.getRawClass().getSimpleName().toLowerCase()));
      parser.skipChildren();
      return null;
    }

    private static String path(JsonParser parser, String leaf) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      String dotted =
          String.join(
              ".", java.util.Arrays.stream(pointer.split("/")).filter(s -> !s.isEmpty()).toList());
      if (leaf != null && !dotted.endsWith(leaf)) {
        dotted = dotted.isEmpty() ? leaf : dotted + "." + leaf;
      }
      return dotted;
    }
  }
}
