package dev.optlab.contracts;

/** A Kafka record whose value cannot be read as the contract of its topic. */
public final class MalformedRecordException extends RuntimeException {
  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
