package dev.optlab.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Runs asked to stop, with the reason, as read from {@code run-control}. */
@ApplicationScoped
public class CancelRegistry {
  private final Map<String, String> reasons = new ConcurrentHashMap<>();

  public void cancel(String runId, String reason) {
    reasons.put(runId, reason == null || reason.isBlank() ? "cancelled" : reason);
  }

  public Optional<String> reason(String runId) {
    return Optional.ofNullable(reasons.get(runId));
  }
}
