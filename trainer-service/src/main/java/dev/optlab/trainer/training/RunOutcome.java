package dev.optlab.trainer.training;

import dev.optlab.contracts.events.RunState;

/**
 * How a run ended: COMPLETED, DIVERGED, CANCELLED or QUEUED (released unfinished), at which step,
 * and why.
 */
public record RunOutcome(RunState state, long step, int epoch, String message) {}
