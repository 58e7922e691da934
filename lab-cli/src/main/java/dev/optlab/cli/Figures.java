package dev.optlab.cli;

import java.util.Locale;

/** How the CLI and the report print a loss or an accuracy. */
final class Figures {
  /**
   * Four decimals, or three significant digits in scientific notation for magnitudes a diverging
   * run reaches (1.5e18 written out in full would be 24 characters of noise).
   */
  static String figure(double value) {
    if (Double.isFinite(value) && Math.abs(value) >= 1e5) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private Figures() {}
}
