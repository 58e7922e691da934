package dev.optlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void ordinaryFiguresKeepFourDecimals() {
    assertEquals("2.0878", Figures.figure(2.08784));
    assertEquals("99999.0000", Figures.figure(99_999));
    assertEquals("NaN", Figures.figure(Double.NaN));
    assertEquals("Infinity", Figures.figure(Double.POSITIVE_INFINITY));
  }

  @Test
  void aDivergingRunsLossIsWrittenInScientificNotation() {
    assertEquals("1.501e+18", Figures.figure(1.5008725420159795e18));
    assertEquals("-1.235e+05", Figures.figure(-123_456));
  }
}
