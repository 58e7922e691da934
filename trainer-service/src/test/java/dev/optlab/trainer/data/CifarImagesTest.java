package dev.optlab.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optlab.contracts.dataset.Cifar10;
import dev.optlab.contracts.dataset.SyntheticCifar;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CifarImagesTest {
  private static final int R = Cifar10.RECORD_BYTES;

  @Test
  void imagesSpreadOverShardsReadAsTheConcatenatedRecords() {
    byte[] records = SyntheticCifar.records(7, 3);
    CifarImages.Assembler assembler = new CifarImages.Assembler(2);
    // shards may arrive out of order; fetched ones are off-heap
    ByteBuffer second = ByteBuffer.allocateDirect(4 * R).put(records, 3 * R, 4 * R).flip();
    assembler.put(1, second);
    assembler.put(0, ByteBuffer.wrap(Arrays.copyOfRange(records, 0, 3 * R)));
    CifarImages images = assembler.images();

    assertEquals(7, images.size());
    for (int i = 0; i < 7; i++) {
      assertEquals(records[i * R], images.label(i), "label of image " + i);
      assertArrayEquals(
          Arrays.copyOfRange(records, i * R + 1, (i + 1) * R),
          CifarFixtures.pixels(images, i),
          "image " + i);
    }
    CifarImages picked = images.select(new int[] {5, 0, 3});
    assertEquals(
        List.of(records[5 * R], records[0], records[3 * R]),
        List.of((byte) picked.label(0), (byte) picked.label(1), (byte) picked.label(2)));
    assertEquals(records[5 * R + 1 + 100], CifarFixtures.pixels(picked, 0)[100]);
  }

  @Test
  void rejectsPartialRecordsBadLabelsAndMissingShards() {
    byte[] records = SyntheticCifar.records(2, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> CifarImages.fromRecords(Arrays.copyOf(records, records.length - 1)));
    records[R] = 10;
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> CifarImages.fromRecords(records));
    assertTrue(label.getMessage().contains("record 1 has label 10"), label.getMessage());
    CifarImages.Assembler assembler = new CifarImages.Assembler(2);
    assembler.put(0, ByteBuffer.wrap(SyntheticCifar.records(1, 1)));
    assertThrows(IllegalStateException.class, assembler::images);
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> CifarImages.fromRecords(SyntheticCifar.records(1, 1)).label(1));
  }
}
