package cnnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves: two XChart line charts side by side under one title, loss (training and
 * validation) and validation accuracy in percent, both against the epoch.
 *
 * <p>Each chart is rendered to a {@code BufferedImage} by XChart's {@link BitmapEncoder} and drawn
 * into the combined image. Non-finite values are left out of their series point by point; a series
 * with no points left is not drawn at all, and a chart with no series at all says so instead.
 */
final class TrainingCurves {

    static final int WIDTH = 1200;
    static final int CHART_HEIGHT = 420;
    static final int HEIGHT = Canvas.TITLE_BAR + CHART_HEIGHT;
    static final Color TRAIN = new Color(0x1F, 0x77, 0xB4);
    static final Color VALIDATION = new Color(0xFF, 0x7F, 0x0E);
    static final int MAX_MARKED_POINTS = 30;
    static final int TICK_SPACING = 60;

    private TrainingCurves() {
    }

    /** The two charts, loss and validation accuracy, with the finite values of {@code points}. */
    static List<XYChart> charts(List<EpochPoint> points) {
        check(points);
        Series train = new Series();
        Series validationLoss = new Series();
        Series accuracy = new Series();
        for (EpochPoint p : points) {
            train.add(p.epoch(), p.trainLoss());
            validationLoss.add(p.epoch(), p.validationLoss());
            accuracy.add(p.epoch(), 100 * p.validationAccuracy());
        }
        int firstEpoch = points.get(0).epoch();
        int lastEpoch = points.get(points.size() - 1).epoch();
        XYChart loss = chart("loss", "loss", firstEpoch, lastEpoch);
        train.addTo(loss, "training", TRAIN);
        validationLoss.addTo(loss, "validation", VALIDATION);
        XYChart acc = chart("validation accuracy", "accuracy (%)", firstEpoch, lastEpoch);
        accuracy.addTo(acc, "validation", VALIDATION);
        return List.of(loss, acc);
    }

    static BufferedImage render(List<EpochPoint> points, String title) {
        List<XYChart> charts = charts(points);
        EpochPoint best = null;
        for (EpochPoint p : points) {
            if (p.hasValidationAccuracy() && (best == null || p.validationAccuracy() > best.validationAccuracy())) {
                best = p;
            }
        }
        String note = points.size() + (points.size() == 1 ? " epoch" : " epochs")
                + (best == null ? ", no validation data"
                : String.format(Locale.ROOT, ", best validation accuracy %.2f %% at epoch %d",
                        100 * best.validationAccuracy(), best.epoch()));

        BufferedImage img = Canvas.image(WIDTH, HEIGHT);
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, WIDTH, title, note);
            drawChart(g, charts.get(0), 0, "no finite loss values");
            drawChart(g, charts.get(1), WIDTH / 2, "no validation accuracy");
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void check(List<EpochPoint> points) {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("at least one epoch point is needed");
        }
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i) == null) {
                throw new IllegalArgumentException("epoch point " + i + " is null");
            }
            if (i > 0 && points.get(i).epoch() <= points.get(i - 1).epoch()) {
                throw new IllegalArgumentException("epochs must be strictly increasing, got " + points.get(i - 1).epoch()
                        + " then " + points.get(i).epoch() + " at index " + i);
            }
        }
    }

    private static XYChart chart(String title, String yTitle, int firstEpoch, int lastEpoch) {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(CHART_HEIGHT)
                .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Canvas.BACKGROUND);
        s.setPlotBackgroundColor(Canvas.BACKGROUND);
        s.setPlotBorderColor(new Color(0x90, 0x90, 0x90));
        s.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        s.setChartTitleFont(Canvas.font(Font.BOLD, 14f));
        s.setAxisTitleFont(Canvas.font(Font.PLAIN, 13f));
        s.setAxisTickLabelsFont(Canvas.font(Font.PLAIN, 11f));
        s.setLegendFont(Canvas.font(Font.PLAIN, 12f));
        // Below the plot, so the legend never hides a curve whichever way the run went.
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(new Color(0xC8, 0xC8, 0xC8));
        s.setChartPadding(12);
        s.setMarkerSize(6);
        s.setYAxisDecimalPattern("0.0##");
        // Epochs are whole numbers; with an integer pattern XChart also avoids fractional tick steps.
        s.setXAxisDecimalPattern("0");
        // Equally spaced data (every epoch) would otherwise get a tick per epoch: ask for more room.
        s.setXAxisTickMarkSpacingHint(TICK_SPACING);
        s.setYAxisTickMarkSpacingHint(TICK_SPACING);
        if (firstEpoch == lastEpoch) {
            // One epoch: give the axis some width so the point is not drawn on a zero-length range.
            s.setXAxisMin(firstEpoch - 1.0);
            s.setXAxisMax(lastEpoch + 1.0);
        }
        return chart;
    }

    private static void drawChart(Graphics2D g, XYChart chart, int x, String emptyMessage) {
        if (chart.getSeriesMap().isEmpty()) {
            // Placed where XChart would put the title and plot area, to line up with the other chart.
            g.setColor(new Color(0x90, 0x90, 0x90));
            g.drawRect(x + 60, Canvas.TITLE_BAR + 36, WIDTH / 2 - 72, CHART_HEIGHT - 124);
            g.setFont(Canvas.font(Font.BOLD, 14f));
            g.setColor(Canvas.TEXT);
            Canvas.centred(g, chart.getTitle(), x + WIDTH / 4.0, Canvas.TITLE_BAR + 30);
            g.setFont(Canvas.font(Font.PLAIN, 13f));
            g.setColor(Canvas.MUTED_TEXT);
            Canvas.centredAt(g, emptyMessage, x + WIDTH / 4.0, Canvas.TITLE_BAR + CHART_HEIGHT / 2.0);
            return;
        }
        g.drawImage(BitmapEncoder.getBufferedImage(chart), x, Canvas.TITLE_BAR, null);
    }

    /** The finite points of one line. */
    private static final class Series {
        private final List<Double> x = new ArrayList<>();
        private final List<Double> y = new ArrayList<>();

        void add(int epoch, double value) {
            if (Double.isFinite(value)) {
                x.add((double) epoch);
                y.add(value);
            }
        }

        void addTo(XYChart chart, String name, Color color) {
            if (x.isEmpty()) {
                return;
            }
            XYSeries s = chart.addSeries(name, x, y);
            s.setLineColor(color);
            s.setMarkerColor(color);
            // Markers help to read off a few epochs and only clutter a long run.
            s.setMarker(x.size() <= MAX_MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
        }
    }
}
