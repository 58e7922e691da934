package dev.optlab.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * dataset-service could not be reached (or dropped the connection, or has not imported the dataset
 * yet) and the cache cannot stand in: a condition that passes when the service is back, unlike a
 * shard that fails its checksum.
 */
public final class DatasetUnavailableException extends UncheckedIOException {
  public DatasetUnavailableException(String message, IOException cause) {
    super(message, cause);
  }

  /**
   * Whether {@code e} says the service is not there (yet), rather than that it answered wrongly.
   */
  static boolean isTemporary(IOException e) {
    return e instanceof ShardCache.NotServedYet
        || e instanceof SocketException
        || e instanceof SocketTimeoutException;
  }
}
