package dev.optlab.contracts.dataset;

import java.util.List;

/** CIFAR-10's binary record layout. */
public final class Cifar10 {
  public static final String NAME = "cifar10";
  public static final int IMAGE_SIZE = 32;
  public static final int CHANNELS = 3;
  public static final int IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
  public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
  public static final int CLASSES = 10;
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private Cifar10() {}
}
