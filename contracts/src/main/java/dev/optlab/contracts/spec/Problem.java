package dev.optlab.contracts.spec;

/** One thing wrong with a spec: where ({@code field}, a dotted path) and what. */
public record Problem(String field, String message) {}
