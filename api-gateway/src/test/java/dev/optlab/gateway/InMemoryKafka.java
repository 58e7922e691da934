package dev.optlab.gateway;

import dev.optlab.gateway.messaging.Channels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/** Swaps the gateway's Kafka channels for SmallRye's in-memory connector. */
public class InMemoryKafka implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    Map<String, String> props = new HashMap<>();
    props.putAll(
        InMemoryConnector.switchOutgoingChannelsToInMemory(
            Channels.RUN_REQUESTS_OUT, Channels.RUN_CONTROL_OUT));
    props.putAll(
        InMemoryConnector.switchIncomingChannelsToInMemory(
            Channels.RUN_REQUESTS_IN, Channels.RUN_STATUS_IN));
    return props;
  }

  @Override
  public void stop() {
    InMemoryConnector.clear();
  }
}
