package dev.optlab.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.events.RunState;
import dev.optlab.contracts.spec.RunSpec;
import dev.optlab.trainer.data.Batches;
import dev.optlab.trainer.data.CifarImages;
import dev.optlab.trainer.data.Normalization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains one run of the seed CNN: our own loop over DJL's forward/backward, so clipping, the
 * gradient norm and divergence checks sit between {@code backward()} and the update. The next batch
 * is prepared on another thread while the current one trains. One run at a time per JVM (DJL allows
 * a single open GradientCollector).
 */
public final class RunTraining {
  private static final int EVAL_BATCH = 500;

  private final RunSpec spec;
  private final Batches batches;
  private final CifarImages validation;
  private final Normalization normalization;
  private final Device device;
  private final TrainingOptions options;

  public RunTraining(
      RunSpec spec,
      CifarImages train,
      CifarImages validation,
      Normalization normalization,
      Device device,
      TrainingOptions options) {
    this.spec = spec;
    this.batches = new Batches(train, normalization, spec.batchSize(), spec.seed(), spec.augment());
    this.validation = validation;
    this.normalization = normalization;
    this.device = device;
    this.options = options;
  }

  public RunTraining(
      RunSpec spec,
      CifarImages train,
      CifarImages validation,
      Normalization normalization,
      Device device) {
    this(spec, train, validation, normalization, device, TrainingOptions.NONE);
  }

  /** The parameters of a model in a fixed order, by their names. */
  private record ModelState(
      Trainer trainer, Map<String, Parameter> byName, List<Parameter> trainable) {}

  public RunOutcome run(RunListener listener) {
    Engine engine = Engine.getEngine("PyTorch");
    // libtorch's grad mode is per thread and on by default; DJL turns it off only on the thread
    // that loaded the engine. Outside gradient collection it must be off here too, or the
    // optimizers' in-place updates of the weights fail on any other thread.
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    engine.setRandomSeed(initSeed());
    Block block = SeedCnn.build(spec.batchNorm(), spec.dropout());
    LabOptimizer optimizer = LabOptimizer.forSpec(spec.optimizer());
    Loss loss = Loss.softmaxCrossEntropyLoss();
    LearningRateSchedule schedule =
        new LearningRateSchedule(
            spec.optimizer().learningRate(),
            spec.schedule(),
            batches.stepsPerEpoch(),
            spec.epochs());
    ExecutorService prefetcher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "batch-prefetch");
              thread.setDaemon(true);
              return thread;
            });
    try (Model model = Model.newInstance("seed-cnn", device, "PyTorch")) {
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(config)) {
        block.setInitializer(
            Initializers.forName(spec.init(), spec.initStd()), Parameter.Type.WEIGHT);
        block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        trainer.initialize(
            new Shape(
                batches.batchSize(), Cifar10.CHANNELS, Cifar10.IMAGE_SIZE, Cifar10.IMAGE_SIZE));
        Map<String, Parameter> byName = new LinkedHashMap<>();
        List<Parameter> trainable = new ArrayList<>();
        block
            .getParameters()
            .forEach(
                p -> {
                  byName.put(p.getKey(), p.getValue());
                  if (p.getValue().requiresGradient()) {
                    trainable.add(p.getValue());
                  }
                });
        ModelState state = new ModelState(trainer, byName, trainable);
        Optional<Checkpoint> checkpoint =
            options.checkpoints() == null
                ? Optional.empty()
                : options.checkpoints().latest(options.runKey());
        Position start = new Position(1, 0, 0);
        if (checkpoint.isPresent()) {
          Checkpoint saved = checkpoint.get();
          restore(saved, state, optimizer);
          start =
              saved.atEpochEnd()
                  ? new Position(saved.epoch() + 1, 0, saved.step())
                  : new Position(saved.epoch(), saved.batchesDone(), saved.step());
          listener.onResume(saved.epoch(), saved.batchesDone(), saved.step());
        }
        return loop(state, optimizer, schedule, loss, listener, prefetcher, start);
      }
    } finally {
      prefetcher.shutdownNow();
      NativeMemory.releaseFreed(); // after the model and its tensors are closed
    }
  }

  private RunOutcome loop(
      ModelState model,
      LabOptimizer optimizer,
      LearningRateSchedule schedule,
      Loss loss,
      RunListener listener,
      ExecutorService prefetcher,
      Position start) {
    Trainer trainer = model.trainer();
    long step = start.step();
    long lastCheckpoint = System.nanoTime();
    RunListener.StepMetrics lastFinite = null;
    Engine engine = Engine.getEngine("PyTorch");
    for (int epoch = start.epoch(); epoch <= spec.epochs(); epoch++) {
      int[] order = batches.order(epoch);
      int currentEpoch = epoch;
      int firstIndex = epoch == start.epoch() ? start.batchesDone() : 0;
      Future<Batches.Batch> next =
          prefetcher.submit(() -> batches.batch(order, currentEpoch, firstIndex));
      for (int index = firstIndex; index < batches.stepsPerEpoch(); index++) {
        if (listener.cancelRequested()) {
          next.cancel(true);
          return new RunOutcome(RunState.CANCELLED, step, epoch, "cancelled at step " + step);
        }
        if (listener.releaseRequested()) {
          next.cancel(true);
          saveCheckpoint(epoch, index, step, model, optimizer);
          return new RunOutcome(
              RunState.QUEUED,
              step,
              epoch,
              "released at step " + step + " (epoch " + epoch + ", batch " + index + ")");
        }
        long started = System.nanoTime();
        step++;
        engine.setRandomSeed(seedFor(epoch, index)); // this batch's dropout masks
        double learningRate = schedule.rateAt(step, epoch - 1);
        optimizer.setLearningRate(learningRate);
        Batches.Batch batch = await(next);
        if (index + 1 < batches.stepsPerEpoch()) {
          int nextIndex = index + 1;
          next = prefetcher.submit(() -> batches.batch(order, currentEpoch, nextIndex));
        }
        RunListener.StepMetrics metrics;
        try (NDScope scope = new NDScope();
            NDManager manager = trainer.getManager().newSubManager()) {
          NDArray images = channelsLast(manager, batch);
          NDArray labels = manager.create(batch.labels());
          NDArray logits;
          NDArray batchLoss;
          try (GradientCollector collector = trainer.newGradientCollector()) {
            logits = trainer.forward(new NDList(images)).singletonOrThrow();
            batchLoss = loss.evaluate(new NDList(labels), new NDList(logits));
            collector.backward(batchLoss);
          }
          double lossValue = batchLoss.getFloat();
          long correct = logits.argMax(1).eq(labels.toType(DataType.INT64, false)).sum().getLong();
          List<NDArray> gradients = Gradients.of(model.trainable());
          double gradNorm = Gradients.globalNorm(gradients);
          if (!Double.isFinite(lossValue) || !Double.isFinite(gradNorm)) {
            return diverged(step, epoch, lossValue, gradNorm, lastFinite);
          }
          Map<String, Double> layerNorms =
              options.layerNormsEvery() > 0 && step % options.layerNormsEvery() == 0
                  ? Gradients.layerNorms(model.byName())
                  : null;
          Gradients.clip(gradients, gradNorm, spec.clipping());
          optimizer.step(model.trainable());
          double seconds = (System.nanoTime() - started) / 1e9;
          metrics =
              new RunListener.StepMetrics(
                  step,
                  epoch,
                  lossValue,
                  correct / (double) batch.size(),
                  learningRate,
                  gradNorm,
                  batch.size() / seconds,
                  batch.size(),
                  layerNorms);
        }
        lastFinite = metrics;
        listener.onStep(metrics);
        if (index + 1 < batches.stepsPerEpoch() && checkpointDue(lastCheckpoint)) {
          saveCheckpoint(epoch, index + 1, step, model, optimizer);
          lastCheckpoint = System.nanoTime();
        }
      }
      RunListener.EvalMetrics evaluation =
          evaluate(trainer, loss, step, epoch, optimizer.learningRate());
      if (!Double.isFinite(evaluation.loss())) {
        return new RunOutcome(
            RunState.DIVERGED,
            step,
            epoch,
            "validation loss is " + evaluation.loss() + " after epoch " + epoch);
      }
      listener.onEpochEnd(evaluation);
      if (epoch < spec.epochs()) {
        saveCheckpoint(epoch, Checkpoint.WHOLE_EPOCH, step, model, optimizer);
        lastCheckpoint = System.nanoTime();
      }
    }
    return new RunOutcome(RunState.COMPLETED, step, spec.epochs(), "completed " + step + " steps");
  }

  private boolean checkpointDue(long lastCheckpoint) {
    return options.checkpoints() != null
        && options.checkpointInterval() != null
        && System.nanoTime() - lastCheckpoint >= options.checkpointInterval().toNanos();
  }

  /** Where training starts: an epoch, how many of its batches are done, the step count. */
  private record Position(int epoch, int batchesDone, long step) {}

  /** The engine seed of initialization: it depends on the spec's seed only. */
  private int initSeed() {
    return (int) ((spec.seed() * 1_000_003L) & 0x7fffffff);
  }

  /** The engine seed of a batch: its dropout draws depend on (seed, epoch, batch) only. */
  private int seedFor(int epoch, int batch) {
    return (int) (Batches.batchSeed(spec.seed(), epoch, batch) & 0x7fffffff);
  }

  private static Batches.Batch await(Future<Batches.Batch> batch) {
    try {
      return batch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing a batch", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("preparing a batch failed", e.getCause());
    }
  }

  /** Writes the run's state at this position, where the options keep checkpoints. */
  private void saveCheckpoint(
      int epoch, int batchesDone, long step, ModelState model, LabOptimizer optimizer) {
    if (options.checkpoints() != null) {
      options
          .checkpoints()
          .save(options.runKey(), checkpoint(epoch, batchesDone, step, model, optimizer));
    }
  }

  private static Checkpoint checkpoint(
      int epoch, int batchesDone, long step, ModelState model, LabOptimizer optimizer) {
    Map<String, byte[]> parameters = new LinkedHashMap<>();
    Map<String, String> nameById = new HashMap<>();
    model
        .byName()
        .forEach(
            (name, parameter) -> {
              parameters.put(name, parameter.getArray().encode());
              nameById.put(parameter.getId(), name);
            });
    return new Checkpoint(
        epoch,
        batchesDone,
        step,
        parameters,
        optimizer.encodeState(nameById),
        optimizer.updateCounts(nameById));
  }

  private static void restore(Checkpoint checkpoint, ModelState model, LabOptimizer optimizer) {
    checkpoint
        .parameters()
        .forEach(
            (name, bytes) -> {
              Parameter parameter = model.byName().get(name);
              if (parameter == null) {
                throw new IllegalStateException(
                    "checkpoint holds " + name + ", which this model does not have");
              }
              try (NDArray saved = NDArray.decode(parameter.getArray().getManager(), bytes)) {
                saved.copyTo(parameter.getArray());
              }
            });
    optimizer.restore(checkpoint.optimizerState(), checkpoint.updateCounts(), model.byName());
  }

  private static RunOutcome diverged(
      long step, int epoch, double loss, double gradNorm, RunListener.StepMetrics lastFinite) {
    String last =
        lastFinite == null
            ? "no finite step before it"
            : String.format(
                "last finite loss %.6g, gradient norm %.6g at step %d",
                lastFinite.loss(), lastFinite.gradNorm(), lastFinite.step());
    return new RunOutcome(
        RunState.DIVERGED,
        step,
        epoch,
        "diverged at step "
            + step
            + " (loss "
            + loss
            + ", gradient norm "
            + gradNorm
            + "); "
            + last);
  }

  private RunListener.EvalMetrics evaluate(
      Trainer trainer, Loss loss, long step, int epoch, double learningRate) {
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < validation.size(); from += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, validation.size() - from);
      Batches.Batch batch = Batches.sequential(validation, normalization, from, count);
      try (NDScope scope = new NDScope();
          NDManager manager = trainer.getManager().newSubManager()) {
        NDArray images = channelsLast(manager, batch);
        NDArray labels = manager.create(batch.labels());
        NDArray logits = trainer.evaluate(new NDList(images)).singletonOrThrow();
        lossSum += loss.evaluate(new NDList(labels), new NDList(logits)).getFloat() * count;
        correct += logits.argMax(1).eq(labels.toType(DataType.INT64, false)).sum().getLong();
      }
    }
    return new RunListener.EvalMetrics(
        step,
        epoch,
        lossSum / validation.size(),
        correct / (double) validation.size(),
        learningRate);
  }

  /**
   * The batch as the NCHW input the model is written for, stored channels-last: the HWC floats
   * viewed through a permutation, not copied. libtorch's convolutions, BatchNorm and pooling keep
   * that layout through the network, and on CPU they run about 30% faster in it than on contiguous
   * NCHW (bench/RESULTS.md). The values and the model's mathematics are the same.
   */
  static NDArray channelsLast(NDManager manager, Batches.Batch batch) {
    Shape hwc = new Shape(batch.size(), Cifar10.IMAGE_SIZE, Cifar10.IMAGE_SIZE, Cifar10.CHANNELS);
    return manager.create(batch.images(), hwc).transpose(0, 3, 1, 2);
  }
}
