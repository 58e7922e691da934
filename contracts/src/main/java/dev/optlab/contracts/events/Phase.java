package dev.optlab.contracts.events;

public enum Phase {
  TRAIN,
  VAL
}
