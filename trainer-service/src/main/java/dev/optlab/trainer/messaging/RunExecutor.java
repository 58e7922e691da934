package dev.optlab.trainer.messaging;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.optlab.contracts.events.MetricEvent;
import dev.optlab.contracts.events.RunRequested;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.events.RunStatusChanged;
import dev.optlab.trainer.TrainerConfig;
import dev.optlab.trainer.data.DatasetProvider;
import dev.optlab.trainer.training.DeviceSelector;
import dev.optlab.trainer.training.RunListener;
import dev.optlab.trainer.training.RunOutcome;
import dev.optlab.trainer.training.RunTraining;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs one requested run from start to end state and reports it: STARTED, RUNNING after the first
 * step and at every epoch end, then COMPLETED, DIVERGED, CANCELLED or FAILED. Never throws:
 * whatever goes wrong ends the run as FAILED and the trainer takes the next one.
 */
@ApplicationScoped
public class RunExecutor {
  private static final Logger LOG = Logger.getLogger(RunExecutor.class);

  private final EventPublisher publisher;
  private final DatasetProvider datasets;
  private final TrainerConfig config;
  private final String trainerId;
  private final AtomicReference<String> currentRun = new AtomicReference<>();

  RunExecutor(EventPublisher publisher, DatasetProvider datasets, TrainerConfig config) {
    this.publisher = publisher;
    this.datasets = datasets;
    this.config = config;
    this.trainerId = config.id().orElseGet(RunExecutor::defaultId);
  }

  public String trainerId() {
    return trainerId;
  }

  public String currentRun() {
    return currentRun.get();
  }

  public RunState execute(RunRequested request) {
    String runId = request.runId();
    String experimentId = request.experimentId();
    currentRun.set(runId);
    try {
      status(
          request,
          RunState.STARTED,
          null,
          null,
          "attempt " + request.attempt() + " on " + trainerId);
      DatasetProvider.RunData data = datasets.forRun(request.spec());
      Device device =
          DeviceSelector.select(config.device(), Engine.getEngine("PyTorch").getGpuCount());
      LOG.infof(
          "run %s (%s) on %s: %d train, %d validation images",
          runId, request.spec().label(), device, data.train().size(), data.validation().size());
      RunOutcome outcome =
          new RunTraining(
                  request.spec(), data.train(), data.validation(), data.normalization(), device)
              .run(new Reporter(request));
      status(request, outcome.state(), outcome.epoch(), outcome.step(), outcome.message());
      LOG.infof("run %s ended %s: %s", runId, outcome.state(), outcome.message());
      return outcome.state();
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
    }
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
              m.samples()));
      if (!running) {
        running = true;
        status(request, RunState.RUNNING, m.epoch(), m.step(), "training");
      }
    }

    @Override
    public void onEpochEnd(EvalMetrics v) {
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
