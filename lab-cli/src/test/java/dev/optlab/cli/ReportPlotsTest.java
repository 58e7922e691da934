package dev.optlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPlotsTest {
  @Test
  void writesTheOverlaidCurvesAndTheComparisonTable(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("run,label,phase,step,epoch,loss,accuracy,lr\n");
    for (int step = 1; step <= 40; step++) {
      int epoch = (step - 1) / 20 + 1;
      csv.append(
          String.format("e-r01,\"Adam\",TRAIN,%d,%d,%.4f,0.5,0.001%n", step, epoch, 2.3 / step));
      csv.append(
          String.format("e-r02,\"SGD <plain>\",TRAIN,%d,%d,%.4f,0.3,0.01%n", step, epoch, 2.3));
    }
    csv.append("e-r01,\"Adam\",VAL,20,1,1.2,0.61,0.001\ne-r01,\"Adam\",VAL,40,2,1.0,0.66,0.001\n");
    csv.append(
        "e-r02,\"SGD <plain>\",VAL,20,1,2.0,0.31,0.01\ne-r02,\"SGD <plain>\",VAL,40,2,1.9,0.35,0.01\n");
    Files.writeString(dir.resolve("curves.csv"), csv.toString());
    Files.writeString(
        dir.resolve("summary.json"),
        "{\"experimentId\":\"e\",\"runs\":[{\"runId\":\"e-r01\",\"label\":\"Adam\",\"state\":\"COMPLETED\","
            + "\"finalValidationAccuracy\":0.66,\"bestValidationAccuracy\":0.66,\"bestValidationEpoch\":2},"
            + "{\"runId\":\"e-r02\",\"label\":\"SGD <plain>\",\"state\":\"COMPLETED\","
            + "\"finalValidationAccuracy\":0.35,\"bestValidationAccuracy\":0.35,\"bestValidationEpoch\":2}]}");

    ReportPlots.write(dir, "e");

    BufferedImage png = ImageIO.read(dir.resolve("curves.png").toFile());
    assertEquals(1600, png.getWidth());
    assertEquals(1100, png.getHeight());
    // The first two series colours (Adam, SGD) are drawn in the validation-accuracy panel.
    assertTrue(hasColour(png, 800, 550, 0x1f77b4), "Adam's curve");
    assertTrue(hasColour(png, 800, 550, 0xff7f0e), "SGD's curve");
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("SGD &lt;plain&gt;"), "labels escaped");
    assertTrue(html.contains("0.6600"), html);
    assertTrue(html.contains("<img src=\"curves.png\""));
    assertNotEquals(-1, html.indexOf("Adam"));
  }

  private static boolean hasColour(BufferedImage image, int x0, int y0, int rgb) {
    for (int y = y0; y < y0 + 550; y++) {
      for (int x = x0; x < x0 + 800; x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
