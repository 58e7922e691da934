package dev.optlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabOptimizerTest {

  /** DJL passes optimizers a copy of the gradient: ours must clear the weight's own. */
  @ParameterizedTest
  @ValueSource(strings = {"sgd", "rmsprop", "adam", "adamw", "adagrad"})
  void stepUpdatesWeightsAndClearsTheirGradients(String type) {
    Block block = SeedCnn.build(false, 0);
    LabOptimizer optimizer =
        LabOptimizer.forSpec(RunSpecs.of("{optimizer: {type: " + type + "}}").optimizer());
    try (Model model = Model.newInstance("m", Device.cpu(), "PyTorch")) {
      model.setBlock(block);
      try (Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer))) {
        trainer.initialize(new Shape(4, 3, 32, 32));
        NDManager manager = trainer.getManager();
        Parameter weight = block.getParameters().get(0).getValue();
        NDArray input = manager.randomNormal(new Shape(4, 3, 32, 32));
        NDArray labels = manager.create(new float[] {1, 2, 3, 4});
        try (GradientCollector collector = trainer.newGradientCollector()) {
          collector.backward(
              trainer.getLoss().evaluate(new NDList(labels), trainer.forward(new NDList(input))));
        }
        NDArray before = weight.getArray().duplicate();
        assertNotEquals(0f, weight.getArray().getGradient().abs().sum().getFloat());
        trainer.step();
        assertEquals(0f, weight.getArray().getGradient().abs().sum().getFloat(), type);
        assertNotEquals(0f, weight.getArray().sub(before).abs().sum().getFloat(), type);
      }
    }
  }
}
