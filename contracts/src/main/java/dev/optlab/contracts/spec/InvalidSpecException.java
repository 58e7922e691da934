package dev.optlab.contracts.spec;

import java.util.List;

/** A spec with one or more problems; carries all of them. */
public final class InvalidSpecException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidSpecException(List<Problem> problems) {
    super(problems.size() + " problem(s): " + problems);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
