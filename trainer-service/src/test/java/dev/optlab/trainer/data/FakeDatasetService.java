package dev.optlab.trainer.data;

import com.sun.net.httpserver.HttpServer;
import dev.optlab.contracts.Json;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.contracts.dataset.DatasetManifest.ShardInfo;
import dev.optlab.contracts.dataset.SyntheticCifar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** dataset-service's HTTP contract over generated shards, counting shard downloads. */
public final class FakeDatasetService implements AutoCloseable {
  final Map<String, byte[]> shards = new LinkedHashMap<>();
  final DatasetManifest manifest;
  final AtomicInteger shardDownloads = new AtomicInteger();
  private final HttpServer server;

  public FakeDatasetService(int trainShards, int testShards, int recordsPerShard)
      throws IOException {
    List<ShardInfo> train = new ArrayList<>();
    List<ShardInfo> test = new ArrayList<>();
    for (int i = 0; i < trainShards + testShards; i++) {
      boolean isTrain = i < trainShards;
      String id =
          String.format("%s-%03d", isTrain ? "train" : "test", isTrain ? i : i - trainShards);
      byte[] bytes = SyntheticCifar.records(recordsPerShard, i);
      shards.put(id, bytes);
      List<Integer> counts = new ArrayList<>(Collections.nCopies(Cifar10.CLASSES, 0));
      for (int r = 0; r < recordsPerShard; r++) {
        counts.set(
            bytes[r * Cifar10.RECORD_BYTES], counts.get(bytes[r * Cifar10.RECORD_BYTES]) + 1);
      }
      (isTrain ? train : test)
          .add(new ShardInfo(id, recordsPerShard, bytes.length, ShardCache.sha256(bytes), counts));
    }
    manifest =
        new DatasetManifest(
            1,
            "cifar10",
            "v-test",
            Instant.EPOCH,
            "generated",
            Cifar10.RECORD_BYTES,
            Cifar10.CLASS_NAMES,
            List.of(0.5, 0.5, 0.5),
            List.of(0.25, 0.25, 0.25),
            Map.of(
                "train",
                new DatasetManifest.SplitManifest(trainShards * recordsPerShard, train),
                "test",
                new DatasetManifest.SplitManifest(testShards * recordsPerShard, test)));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/datasets/cifar10/manifest",
        exchange -> {
          byte[] body = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/api/datasets/cifar10/shards/",
        exchange -> {
          String id =
              exchange
                  .getRequestURI()
                  .getPath()
                  .substring("/api/datasets/cifar10/shards/".length());
          byte[] body = shards.get(id);
          shardDownloads.incrementAndGet();
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
