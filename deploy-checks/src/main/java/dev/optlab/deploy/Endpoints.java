package dev.optlab.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code host:port} reference inside a config value: a URL or a Kafka bootstrap address. */
public record Endpoints(String host, int port, String path) {
  private static final Pattern ADDRESS =
      Pattern.compile("^(?:[a-z]+://)?([A-Za-z0-9.-]+):(\\d+)(/\\S*)?$");

  /** The address in {@code value}, if it has one and names a host inside the deployment. */
  public static Optional<Endpoints> internal(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = ADDRESS.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String host = m.group(1);
    if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("0.0.0.0")) {
      return Optional.empty(); // an address for the user's browser, not between containers
    }
    return Optional.of(
        new Endpoints(host, Integer.parseInt(m.group(2)), m.group(3) == null ? "" : m.group(3)));
  }
}
