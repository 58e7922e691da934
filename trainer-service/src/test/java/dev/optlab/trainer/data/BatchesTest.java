package dev.optlab.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.SyntheticCifar;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static final int SIZE = Cifar10.IMAGE_SIZE;
  private static final int R = Cifar10.RECORD_BYTES;

  /** CIFAR records hold CHW planes; normalization 0.5/0.25 on every channel, as the fixtures. */
  private static float expected(byte[] records, int image, int c, int y, int x) {
    int value = records[image * R + 1 + c * SIZE * SIZE + y * SIZE + x] & 0xff;
    return (float) ((value / 255.0 - 0.5) / 0.25);
  }

  private static float at(float[] hwc, int image, int c, int y, int x) {
    return hwc[image * Cifar10.IMAGE_BYTES + (y * SIZE + x) * Cifar10.CHANNELS + c];
  }

  @Test
  void batchesHoldNormalizedPixelsChannelsLastInTheEpochsOrder() {
    byte[] records = SyntheticCifar.records(8, 5);
    Batches batches =
        new Batches(CifarImages.fromRecords(records), CifarFixtures.NORMALIZATION, 4, 9, false);
    int[] order = batches.order(1);
    Batches.Batch batch = batches.batch(order, 1, 1);

    assertEquals(4, batch.size());
    for (int i = 0; i < 4; i++) {
      int image = order[4 + i];
      assertEquals(records[image * R], (int) batch.labels()[i], "label of batch image " + i);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < SIZE; y++) {
          for (int x = 0; x < SIZE; x++) {
            assertEquals(expected(records, image, c, y, x), at(batch.images(), i, c, y, x));
          }
        }
      }
    }
  }

  @Test
  void augmentationCropsWithBlackPaddingAndFlipsHorizontally() {
    byte[] records = SyntheticCifar.records(1, 2);
    float[] black = CifarFixtures.NORMALIZATION.black();
    boolean sawFlip = false;
    boolean sawPadding = false;
    for (long seed = 0; seed < 40; seed++) {
      float[] data =
          Batches.sequential(CifarImages.fromRecords(records), CifarFixtures.NORMALIZATION, 0, 1)
              .images();
      Augmentation.apply(data, 0, black, new SplittableRandom(seed));
      SplittableRandom draws = new SplittableRandom(seed);
      int dx = draws.nextInt(9) - 4;
      int dy = draws.nextInt(9) - 4;
      boolean flip = draws.nextBoolean();
      sawFlip |= flip;
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < SIZE; y++) {
          for (int x = 0; x < SIZE; x++) {
            int sourceY = y + dy;
            int sourceX = (flip ? SIZE - 1 - x : x) + dx;
            boolean inside = sourceY >= 0 && sourceY < SIZE && sourceX >= 0 && sourceX < SIZE;
            sawPadding |= !inside;
            float want = inside ? expected(records, 0, c, sourceY, sourceX) : black[c];
            assertEquals(
                want, at(data, 0, c, y, x), "seed " + seed + " c" + c + " y" + y + " x" + x);
          }
        }
      }
    }
    assertTrue(sawFlip && sawPadding, "the seeds exercised both the flip and the padding");
    assertEquals((float) ((0 / 255.0 - 0.5) / 0.25), black[1]);
  }
}
