package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.SyntheticCifar;
import java.nio.ByteBuffer;
import java.util.List;

/** Generated, learnable CIFAR-format images for the trainer's tests. */
public final class CifarFixtures {
  public static final Normalization NORMALIZATION =
      new Normalization(List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));

  public static CifarImages images(int count, long seed) {
    return CifarImages.fromRecords(SyntheticCifar.records(count, seed));
  }

  /** The bytes of a shard as {@link ShardCache#shard} returns it. */
  static byte[] bytes(ByteBuffer shard) {
    byte[] bytes = new byte[shard.remaining()];
    shard.duplicate().get(bytes);
    return bytes;
  }

  /** Image {@code index}'s pixel bytes. */
  static byte[] pixels(CifarImages images, int index) {
    byte[] pixels = new byte[Cifar10.IMAGE_BYTES];
    images.copyPixels(index, pixels);
    return pixels;
  }

  private CifarFixtures() {}
}
