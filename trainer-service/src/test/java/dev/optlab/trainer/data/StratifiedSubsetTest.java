package dev.optlab.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class StratifiedSubsetTest {
  private static final CifarImages IMAGES = CifarFixtures.images(1000, 3);

  private static int[] classCounts(int[] indexes) {
    int[] counts = new int[10];
    for (int i : indexes) {
      counts[IMAGES.label(i)]++;
    }
    return counts;
  }

  @Test
  void sameSeedSameImagesBalancedAcrossClassesInDatasetOrder() {
    int[] a = StratifiedSubset.select(IMAGES, 205, 42);
    assertArrayEquals(a, StratifiedSubset.select(IMAGES, 205, 42));
    assertFalse(
        Arrays.equals(a, StratifiedSubset.select(IMAGES, 205, 43)), "another seed, other images");
    assertArrayEquals(new int[] {21, 21, 21, 21, 21, 20, 20, 20, 20, 20}, classCounts(a));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i]);
    }
  }

  @Test
  void excludedImagesAreNeverChosen() {
    int[] held = StratifiedSubset.select(IMAGES, 200, 1);
    BitSet excluded = new BitSet();
    Arrays.stream(held).forEach(excluded::set);
    int[] rest = StratifiedSubset.select(IMAGES, 800, 1, excluded);
    assertEquals(800, rest.length);
    assertTrue(
        Arrays.stream(rest).noneMatch(excluded::get), "validation and training must be disjoint");
  }
}
