package dev.optlab.gateway.messaging;

/** SmallRye channel names of the gateway, shared with the tests. */
public final class Channels {
  public static final String RUN_REQUESTS_OUT = "run-requests-out";
  public static final String RUN_REQUESTS_IN = "run-requests-in";
  public static final String RUN_STATUS_IN = "run-status-in";
  public static final String RUN_CONTROL_OUT = "run-control-out";

  private Channels() {}
}
