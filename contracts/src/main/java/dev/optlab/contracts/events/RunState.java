package dev.optlab.contracts.events;

public enum RunState {
  QUEUED,
  STARTED,
  RUNNING,
  COMPLETED,
  DIVERGED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == DIVERGED || this == FAILED || this == CANCELLED;
  }
}
