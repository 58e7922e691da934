package dev.optlab.trainer.messaging;

import dev.optlab.trainer.data.FakeDatasetService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/** In-memory Kafka channels and a dataset-service double for the trainer's service tests. */
public class FakeDatasetResource implements QuarkusTestResourceLifecycleManager {
  private FakeDatasetService dataset;

  @Override
  public Map<String, String> start() {
    try {
      dataset = new FakeDatasetService(2, 1, 200);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> props =
        new HashMap<>(
            InMemoryConnector.switchOutgoingChannelsToInMemory(
                Channels.RUN_STATUS_OUT,
                Channels.TRAINING_METRICS_OUT,
                Channels.RUN_REQUESTS_DLQ_OUT));
    props.put("trainer.dataset-url", dataset.url());
    props.put("trainer.cache-dir", "target/test-cache/" + java.util.UUID.randomUUID());
    props.put("trainer.checkpoint-dir", "target/test-checkpoints/" + java.util.UUID.randomUUID());
    return props;
  }

  @Override
  public void stop() {
    dataset.close();
    InMemoryConnector.clear();
  }
}
