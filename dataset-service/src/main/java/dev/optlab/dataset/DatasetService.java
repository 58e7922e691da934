package dev.optlab.dataset;

import dev.optlab.contracts.dataset.DatasetManifest;
import dev.optlab.dataset.importing.BatchVerifier;
import dev.optlab.dataset.importing.CifarImporter;
import dev.optlab.dataset.storage.DatasetStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/** Owns the store and the importer; imports {@code dataset.source} in the background at start. */
@ApplicationScoped
public class DatasetService {
  private static final Logger LOG = Logger.getLogger(DatasetService.class);

  public enum ImportState {
    IDLE,
    IMPORTING,
    FAILED
  }

  public record ImportStatus(ImportState state, String source, String error) {}

  private final DatasetConfig config;
  private final DatasetStore store;
  private final CifarImporter importer;
  private final AtomicReference<ImportStatus> status =
      new AtomicReference<>(new ImportStatus(ImportState.IDLE, null, null));

  DatasetService(DatasetConfig config) {
    this.config = config;
    this.store = new DatasetStore(config.storeDir());
    this.importer =
        new CifarImporter(
            store,
            config.requireOfficialChecksums()
                ? BatchVerifier.Expected.OFFICIAL
                : BatchVerifier.Expected.LAYOUT_ONLY,
            config.shardSize());
  }

  void onStart(@Observes StartupEvent event) {
    config
        .source()
        .filter(s -> !s.isBlank())
        .ifPresent(
            source -> {
              Thread thread = new Thread(() -> importQuietly(source), "cifar-import");
              thread.setDaemon(true);
              thread.start();
            });
  }

  private void importQuietly(String source) {
    try {
      importFrom(source);
    } catch (RuntimeException e) {
      LOG.errorf("import of %s rejected: %s", source, e.getMessage());
    }
  }

  /** Imports synchronously; on failure the served dataset stays as it was. */
  public DatasetManifest importFrom(String source) {
    status.set(new ImportStatus(ImportState.IMPORTING, source, null));
    try {
      DatasetManifest manifest = importer.importFrom(source);
      status.set(new ImportStatus(ImportState.IDLE, source, null));
      return manifest;
    } catch (RuntimeException e) {
      status.set(new ImportStatus(ImportState.FAILED, source, e.getMessage()));
      throw e;
    }
  }

  public Optional<DatasetStore.Served> served() {
    return store.current();
  }

  public ImportStatus importStatus() {
    return status.get();
  }
}
