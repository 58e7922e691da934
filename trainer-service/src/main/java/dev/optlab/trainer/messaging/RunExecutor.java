package dev.optlab.trainer.messaging;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.trainer.TrainerConfig;
import dev.optlab.trainer.data.DatasetProvider;
import dev.optlab.trainer.training.Checkpoint;
import dev.optlab.trainer.training.CheckpointStore;
import dev.optlab.trainer.training.DeviceSelector;
import dev.optlab.trainer.training.RunListener;
import dev.optlab.trainer.training.RunOutcome;
import dev.optlab.trainer.training.RunTraining;
import dev.optlab.trainer.training.TrainingOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs one requested run from start to end state and reports it: STARTED, RUNNING after the first
 * step, at a resume and at every epoch end, then COMPLETED, DIVERGED, CANCELLED or FAILED. Never
 * throws: whatever goes wrong ends the run as FAILED and the trainer takes the next one. A run
 * released because this trainer stops is checkpointed at its current step and ends here as QUEUED:
 * the trainer that takes it next continues from that step.
 */
@ApplicationScoped
public class RunExecutor {
  private static final Logger LOG = Logger.getLogger(RunExecutor.class);

  private final EventPublisher publisher;
  private final DatasetProvider datasets;
  private final CancelRegistry cancellations;
  private final TrainerConfig config;
  private final CheckpointStore checkpoints;
  private final DatasetWait datasetWait;
  private final String trainerId;
  private final AtomicReference<String> currentRun = new AtomicReference<>();
  private final AtomicReference<String> releasedRun = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicLong progress =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean stopping =
      new java.util.concurrent.atomic.AtomicBoolean();
  private Device device;

  RunExecutor(
      EventPublisher publisher,
      DatasetProvider datasets,
      CancelRegistry cancellations,
      TrainerConfig config) {
    this.publisher = publisher;
    this.datasets = datasets;
    this.cancellations = cancellations;
    this.config = config;
    this.checkpoints = new CheckpointStore(config.checkpointDir());
    this.datasetWait = new DatasetWait(config.datasetWait());
    this.trainerId = config.id().orElseGet(RunExecutor::defaultId);
  }

  public String trainerId() {
    return trainerId;
  }

  public String currentRun() {
    return currentRun.get();
  }

  /** Grows with every step trained and every evaluation: lets a watcher tell a hung run. */
  public long progress() {
    return progress.get();
  }

  /**
   * This trainer is shutting down: the run in progress stops after its current step and goes back
   * to the queue (QUEUED), and no further run starts.
   */
  public void stopAfterCurrentStep() {
    stopping.set(true);
    releaseCurrentRun();
  }

  /** Hands the run in progress back to the queue after its current step. */
  void releaseCurrentRun() {
    releasedRun.set(currentRun.get());
  }

  /**
   * Trains a run to its end state; {@code attempt} counts deliveries of its request. Returns QUEUED
   * when the run was released unfinished (the caller gives the request back to the group).
   */
  public RunState execute(RunRequested request, int attempt) {
    String runId = request.runId();
    currentRun.set(runId);
    if (stopping.get()) {
      currentRun.set(null);
      return RunState.QUEUED;
    }
    try {
      if (reportIfCancelled(request, "before it started")) {
        return RunState.CANCELLED;
      }
      status(request, RunState.STARTED, null, null, "attempt " + attempt + " on " + trainerId);
      long started = System.nanoTime();
      var loaded =
          datasetWait.load(
              () -> datasets.forRun(request.spec()),
              () -> stopping.get() || cancellations.reason(runId).isPresent(),
              reason -> {
                String waiting =
                    "waiting for dataset-service (up to "
                        + config.datasetWait().toSeconds()
                        + " s): "
                        + reason;
                LOG.infof("run %s %s", runId, waiting);
                status(request, RunState.STARTED, null, null, waiting);
              });
      if (loaded.isEmpty()) {
        return gaveUpWaiting(request);
      }
      DatasetProvider.RunData data = loaded.get();
      Device runDevice = device();
      LOG.infof(
          "run %s (%s) on %s: %d train, %d validation images",
          runId, request.spec().label(), runDevice, data.train().size(), data.validation().size());
      TrainingOptions options =
          new TrainingOptions(
              config.layerNormsEvery(), checkpoints, runId, config.checkpointInterval());
      RunOutcome outcome =
          new RunTraining(
                  request.spec(),
                  data.train(),
                  data.validation(),
                  data.normalization(),
                  runDevice,
                  options)
              .run(new Reporter(request));
      String message =
          String.format(
              java.util.Locale.ROOT,
              "%s in %.2f s",
              outcome.message(),
              (System.nanoTime() - started) / 1e9);
      if (outcome.state() == RunState.QUEUED) {
        String released =
            String.format(
                java.util.Locale.ROOT,
                "released by %s at step %d (it is stopping): checkpointed at that step, resumes there",
                trainerId,
                outcome.step());
        status(request, RunState.QUEUED, outcome.epoch(), outcome.step(), released);
        LOG.infof("run %s %s", runId, released);
        return RunState.QUEUED;
      }
      if (outcome.state() == RunState.CANCELLED) {
        message = message + ": " + cancellations.reason(runId).orElse("cancelled");
      }
      status(request, outcome.state(), outcome.epoch(), outcome.step(), message);
      checkpoints.delete(runId);
      LOG.infof("run %s ended %s: %s", runId, outcome.state(), message);
      return outcome.state();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status(request, RunState.QUEUED, null, null, "released by " + trainerId + ": interrupted");
      return RunState.QUEUED;
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "run %s failed", runId);
      status(
          request,
          RunState.FAILED,
          null,
          null,
          e.getClass().getSimpleName() + ": " + e.getMessage());
      return RunState.FAILED;
    } finally {
      currentRun.set(null);
      releasedRun.compareAndSet(runId, null);
    }
  }

  /**
   * A run given up while it waited for its data: cancelled, or handed back as the trainer stops.
   */
  private RunState gaveUpWaiting(RunRequested request) {
    if (reportIfCancelled(request, "while waiting for dataset-service")) {
      return RunState.CANCELLED;
    }
    status(
        request,
        RunState.QUEUED,
        null,
        null,
        "released by " + trainerId + " while waiting for dataset-service (it is stopping)");
    return RunState.QUEUED;
  }

  /** Reports CANCELLED if the run has been cancelled; {@code when} says at which point. */
  private boolean reportIfCancelled(RunRequested request, String when) {
    var cancelled = cancellations.reason(request.runId());
    cancelled.ifPresent(
        reason ->
            status(request, RunState.CANCELLED, null, null, "cancelled " + when + ": " + reason));
    return cancelled.isPresent();
  }

  /** The training device, chosen once: asking libtorch for GPUs probes CUDA each time. */
  private synchronized Device device() {
    if (device == null) {
      device = DeviceSelector.select(config.device(), Engine.getEngine("PyTorch").getGpuCount());
    }
    return device;
  }

  private void status(
      RunRequested request, RunState state, Integer epoch, Long step, String message) {
    publisher.status(
        RunStatusChanged.of(
            request.runId(), request.experimentId(), state, trainerId, epoch, step, message));
  }

  private final class Reporter implements RunListener {
    private final RunRequested request;
    private boolean running;

    Reporter(RunRequested request) {
      this.request = request;
    }

    @Override
    public void onStep(StepMetrics m) {
      progress.incrementAndGet();
      publisher.metric(
          MetricEvent.train(
              request.runId(),
              request.experimentId(),
              m.step(),
              m.epoch(),
              m.loss(),
              m.accuracy(),
              m.learningRate(),
              m.gradNorm(),
              m.samplesPerSecond(),
              m.samples(),
              m.layerGradNorms()));
      if (!running) {
        running = true;
        status(request, RunState.RUNNING, m.epoch(), m.step(), "training");
      }
    }

    @Override
    public void onResume(int epoch, int batchesDone, long step) {
      String position =
          batchesDone == Checkpoint.WHOLE_EPOCH
              ? "after epoch " + epoch
              : "at step " + step + " (epoch " + epoch + ", batch " + batchesDone + ")";
      status(request, RunState.RUNNING, epoch, step, "resumed from the checkpoint " + position);
    }

    @Override
    public boolean cancelRequested() {
      return cancellations.reason(request.runId()).isPresent();
    }

    @Override
    public boolean releaseRequested() {
      return request.runId().equals(releasedRun.get());
    }

    @Override
    public void onEpochEnd(EvalMetrics v) {
      progress.incrementAndGet();
      publisher.metric(
          MetricEvent.validation(
              request.runId(),
              request.experimentId(),
              v.step(),
              v.epoch(),
              v.loss(),
              v.accuracy(),
              v.learningRate()));
      status(
          request,
          RunState.RUNNING,
          v.epoch(),
          v.step(),
          String.format(
              "epoch %d: validation accuracy %.4f, loss %.4f", v.epoch(), v.accuracy(), v.loss()));
    }
  }

  private static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "trainer";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
