package dev.optlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.optlab.contracts.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Turns a report folder ({@code summary.json}, {@code curves.csv}) into {@code curves.png} — train
 * loss (log), validation loss (log), train accuracy and validation accuracy of every run, overlaid,
 * against epochs — and an {@code index.html} with the comparison table. Per-step train curves are
 * drawn as a moving average over a tenth of an epoch (the raw points are in the CSV).
 */
public final class ReportPlots {
  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
  };

  private record Point(long step, int epoch, double loss, double accuracy) {}

  private record Run(String runId, String label, List<Point> train, List<Point> validation) {}

  public static void write(Path reportDir, String title) throws IOException {
    List<Run> runs = read(reportDir);
    BufferedImage image = new BufferedImage(1600, 1100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1600, 1100);
    chart(title + ": train loss (moving average)", runs, true, true, true)
        .draw(g, new Rectangle2D.Double(0, 0, 800, 550));
    chart(title + ": validation loss", runs, false, true, true)
        .draw(g, new Rectangle2D.Double(800, 0, 800, 550));
    chart(title + ": train accuracy (moving average)", runs, true, false, false)
        .draw(g, new Rectangle2D.Double(0, 550, 800, 550));
    chart(title + ": validation accuracy", runs, false, false, false)
        .draw(g, new Rectangle2D.Double(800, 550, 800, 550));
    g.dispose();
    ImageIO.write(image, "png", reportDir.resolve("curves.png").toFile());
    writeHtml(reportDir, title);
  }

  private static JFreeChart chart(
      String title, List<Run> runs, boolean train, boolean loss, boolean log) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Run run : runs) {
      XYSeries series = new XYSeries(run.label(), false, true);
      List<Point> points = train ? run.train() : run.validation();
      long stepsPerEpoch = Math.max(1, run.train().stream().filter(p -> p.epoch() == 1).count());
      int window = train ? (int) Math.max(1, stepsPerEpoch / 10) : 1;
      double sum = 0;
      for (int i = 0; i < points.size(); i++) {
        double value = loss ? points.get(i).loss() : points.get(i).accuracy();
        sum += value;
        if (i >= window) {
          sum -= loss ? points.get(i - window).loss() : points.get(i - window).accuracy();
        }
        if (i + 1 >= window && (!log || sum > 0)) {
          series.add(points.get(i).step() / (double) stepsPerEpoch, sum / window);
        }
      }
      data.addSeries(series);
    }
    NumberAxis x = new NumberAxis("epoch");
    ValueAxis y;
    if (log) {
      LogAxis logAxis = new LogAxis(loss ? "loss (log)" : "");
      logAxis.setSmallestValue(1e-3);
      logAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.0##"));
      logAxis.setMinorTickMarksVisible(true);
      y = logAxis;
    } else {
      NumberAxis linear = new NumberAxis(loss ? "loss" : "accuracy");
      linear.setAutoRangeIncludesZero(false);
      y = linear;
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, !train);
    for (int i = 0; i < runs.size(); i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart =
        new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(16f), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static List<Run> read(Path reportDir) throws IOException {
    Map<String, Run> runs = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(reportDir.resolve("curves.csv"));
    for (String line : lines.subList(1, lines.size())) {
      // run,"label",phase,step,epoch,loss,accuracy,lr
      int open = line.indexOf(",\"");
      int close = line.indexOf("\",", open + 2);
      String runId = line.substring(0, open);
      String label = line.substring(open + 2, close);
      String[] rest = line.substring(close + 2).split(",");
      Run run =
          runs.computeIfAbsent(
              runId, id -> new Run(id, label, new ArrayList<>(), new ArrayList<>()));
      Point point =
          new Point(
              Long.parseLong(rest[1]),
              Integer.parseInt(rest[2]),
              Double.parseDouble(rest[3]),
              Double.parseDouble(rest[4]));
      (rest[0].equals("TRAIN") ? run.train() : run.validation()).add(point);
    }
    return new ArrayList<>(runs.values());
  }

  private static void writeHtml(Path reportDir, String title) throws IOException {
    JsonNode summary = Json.MAPPER.readTree(Files.readString(reportDir.resolve("summary.json")));
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append(
            "</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}table{border-collapse:collapse}"
                + "tr:nth-child(even){background:#f4f4f4}</style></head><body>")
        .append("<h1>")
        .append(escape(title))
        .append(
            "</h1><table><tr><th>run</th><th>state</th>"
                + "<th>best val acc</th><th>epoch</th><th>final val acc</th><th>final train loss</th>"
                + "<th>final val loss</th><th>s/epoch</th></tr>");
    for (JsonNode run : summary.path("runs")) {
      html.append("<tr><td>")
          .append(escape(run.path("label").asText()))
          .append("<br><small>")
          .append(escape(run.path("spec").asText()))
          .append("</small></td><td>")
          .append(run.path("state").asText())
          .append("</td>");
      for (String field :
          List.of(
              "bestValidationAccuracy",
              "bestValidationEpoch",
              "finalValidationAccuracy",
              "finalTrainLoss",
              "finalValidationLoss",
              "secondsPerEpoch")) {
        JsonNode value = run.path(field);
        html.append("<td>")
            .append(
                value.isNumber()
                    ? (value.isInt() ? value.asText() : Figures.figure(value.asDouble()))
                    : "–")
            .append("</td>");
      }
      html.append("</tr>");
    }
    html.append(
        "</table><p><img src=\"curves.png\" width=\"1200\"></p>"
            + "<p>Curves: <a href=\"curves.csv\">curves.csv</a>, summary: <a href=\"summary.json\">summary.json</a></p></body></html>");
    Files.writeString(reportDir.resolve("index.html"), html.toString());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private ReportPlots() {}
}
