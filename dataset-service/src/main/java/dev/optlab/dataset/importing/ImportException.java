package dev.optlab.dataset.importing;

/** An import that was rejected; the message names the file and the problem. */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
