package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.SyntheticCifar;
import java.util.List;

/** Generated, learnable CIFAR-format images for the trainer's tests. */
public final class CifarFixtures {
  public static final Normalization NORMALIZATION =
      new Normalization(List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));

  public static CifarImages images(int count, long seed) {
    return CifarImages.fromRecords(SyntheticCifar.records(count, seed));
  }

  private CifarFixtures() {}
}
