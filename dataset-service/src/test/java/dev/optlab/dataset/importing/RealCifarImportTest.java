package dev.optlab.dataset.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.dataset.storage.DatasetStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CIFAR-10 of {@code ../shared/data/cifar10}, verified against the official checksums. A
 * fresh clone without {@code ../shared} has no real data: this test then reports itself skipped (CI
 * has the data beside the clone and runs it).
 */
class RealCifarImportTest {
  private static final Path REAL =
      Path.of("../../shared/data/cifar10").toAbsolutePath().normalize();

  @Test
  void officialDataImportsWithTheKnownLabelsAndBalancedClasses(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(REAL), "no real CIFAR-10 at " + REAL);
    DatasetStore store = new DatasetStore(dir);
    DatasetManifest manifest =
        new CifarImporter(store, BatchVerifier.Expected.OFFICIAL, 5000).importFrom(REAL.toString());
    DatasetStore.Served served = store.current().orElseThrow();
    assertEquals(List.of(6, 9, 9, 4, 1, 1, 2, 7, 8, 3), firstLabels(served, "train-000"));
    assertEquals(List.of(3, 8, 8, 0, 6, 6, 1, 6, 3, 1), firstLabels(served, "test-000"));
    assertEquals(
        List.of(5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000),
        classTotals(manifest, "train"));
    assertEquals(
        List.of(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000),
        classTotals(manifest, "test"));
    assertEquals(10, manifest.split("train").shards().size());
    assertEquals(0.4914, manifest.channelMean().get(0), 1e-4);
    assertEquals(0.2470, manifest.channelStd().get(0), 1e-4);
  }

  private static List<Integer> firstLabels(DatasetStore.Served served, String shard)
      throws Exception {
    byte[] bytes = Files.readAllBytes(served.shard(shard).orElseThrow());
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      labels.add((int) bytes[i * Cifar10.RECORD_BYTES]);
    }
    return labels;
  }

  private static List<Integer> classTotals(DatasetManifest manifest, String split) {
    List<Integer> totals = new ArrayList<>(Collections.nCopies(Cifar10.CLASSES, 0));
    manifest
        .split(split)
        .shards()
        .forEach(
            s -> {
              for (int c = 0; c < Cifar10.CLASSES; c++) {
                totals.set(c, totals.get(c) + s.classCounts().get(c));
              }
            });
    return totals;
  }
}
