package dev.optlab.metrics;

import dev.optlab.metrics.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.Map;

/** Swaps metrics-service's Kafka channels for SmallRye's in-memory connector. */
public class InMemoryKafka implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    java.util.Map<String, String> props =
        new java.util.HashMap<>(
            InMemoryConnector.switchIncomingChannelsToInMemory(
                Channels.TRAINING_METRICS_IN, Channels.RUN_STATUS_IN, Channels.RUN_REQUESTS_IN));
    props.putAll(
        InMemoryConnector.switchOutgoingChannelsToInMemory(Channels.TRAINING_METRICS_DLQ_OUT));
    return props;
  }

  @Override
  public void stop() {
    InMemoryConnector.clear();
  }
}
