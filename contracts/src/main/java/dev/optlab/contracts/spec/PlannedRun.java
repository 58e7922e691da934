package dev.optlab.contracts.spec;

/** A run of an expanded experiment: its position, its label and its resolved spec. */
public record PlannedRun(int index, String label, RunSpec spec) {}
