package dev.optlab.dataset.importing;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.dataset.storage.DatasetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Reads, verifies and stores CIFAR-10; nothing is stored unless every file passes. */
public final class CifarImporter {
  private static final Logger LOG = Logger.getLogger(CifarImporter.class);

  private final DatasetStore store;
  private final BatchVerifier.Expected expected;
  private final int shardSize;

  public CifarImporter(DatasetStore store, BatchVerifier.Expected expected, int shardSize) {
    this.store = store;
    this.expected = expected;
    this.shardSize = shardSize;
  }

  public synchronized DatasetManifest importFrom(String source) {
    long started = System.nanoTime();
    Map<String, byte[]> files = CifarSource.read(source);
    files.forEach((name, content) -> BatchVerifier.verify(name, content, expected));
    List<byte[]> train = new ArrayList<>();
    CifarSource.TRAIN_FILES.forEach(name -> train.add(files.get(name)));
    DatasetManifest manifest =
        store.store(source, train, files.get(CifarSource.TEST_FILE), shardSize);
    LOG.infof(
        "imported %s version %s from %s: %d train, %d test images in %.1f s",
        manifest.name(),
        manifest.version(),
        source,
        manifest.split(DatasetManifest.TRAIN).records(),
        manifest.split(DatasetManifest.TEST).records(),
        (System.nanoTime() - started) / 1e9);
    return manifest;
  }
}
