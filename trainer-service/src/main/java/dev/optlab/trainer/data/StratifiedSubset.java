package dev.optlab.trainer.data;

import dev.optlab.contracts.dataset.Cifar10;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A deterministic class-balanced subset: each class contributes {@code size / 10} images (the
 * remainder goes to the lowest classes), chosen by a seeded shuffle. The result keeps the dataset's
 * order, so the same seed and size give the same images on every trainer.
 */
public final class StratifiedSubset {
  public static int[] select(CifarImages images, int size, long seed) {
    return select(images, size, seed, new java.util.BitSet());
  }

  /**
   * As {@link #select(CifarImages, int, long)}, never choosing an index set in {@code excluded}.
   */
  public static int[] select(CifarImages images, int size, long seed, java.util.BitSet excluded) {
    if (size >= images.size() && excluded.isEmpty()) {
      int[] all = new int[images.size()];
      Arrays.setAll(all, i -> i);
      return all;
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < Cifar10.CLASSES; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < images.size(); i++) {
      if (!excluded.get(i)) {
        byClass.get(images.label(i)).add(i);
      }
    }
    Random random = new Random(seed);
    List<Integer> chosen = new ArrayList<>();
    int remaining = size;
    for (int c = 0; c < Cifar10.CLASSES; c++) {
      List<Integer> members = byClass.get(c);
      java.util.Collections.shuffle(members, random);
      int quota =
          Math.min(members.size(), size / Cifar10.CLASSES + (c < size % Cifar10.CLASSES ? 1 : 0));
      chosen.addAll(members.subList(0, Math.min(quota, remaining)));
      remaining -= Math.min(quota, remaining);
    }
    return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private StratifiedSubset() {}
}
