package cnnlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab's plots, each written as one PNG file.
 *
 * <p>Every method first checks its input, throwing {@link IllegalArgumentException} with a one-line
 * message (empty or ragged arrays, a confusion matrix that is not square or whose class names do
 * not match it, a path that does not end in {@code .png}); then renders the whole image in memory;
 * and only then writes it atomically through {@link cnnlab.io.AtomicFiles}. A failure at any step
 * therefore leaves no file, or the previous file untouched. Missing parent folders are created.
 *
 * <p>Headless: loading this class sets {@code java.awt.headless=true} unless the property is already
 * set, so plots render without a display (servers, CI, SSH). It must happen before AWT first asks
 * the question; a program that shows windows itself should set the property explicitly.
 */
public final class Plots {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * Loss and validation accuracy against the epoch, two charts side by side (1200x478 px): on the
     * left the training and validation loss, on the right the validation accuracy in percent. The
     * note under the title gives the number of epochs and the best validation accuracy.
     *
     * <p>Non-finite values are skipped point by point (an epoch without validation has NaN there);
     * a series with no finite value is left out, and a chart left with nothing says so.
     *
     * @param points the epochs in strictly increasing epoch order; not empty
     * @param title shown on top, on one line (line breaks become spaces; "" for none)
     * @param png the file to write, ending in {@code .png}; missing folders are created
     * @throws IllegalArgumentException if {@code points} is empty, holds null or is out of order
     * @throws IOException if the file cannot be written
     */
    public static void trainingCurves(List<EpochPoint> points, String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        Canvas.writePng(TrainingCurves.render(points, t), png);
    }

    /**
     * The confusion matrix as a coloured grid (700x650 px; less tall when long class names narrow
     * the grid): rows are the true class, columns the predicted class, every cell shows its count; a
     * cell's colour is its share of its row (white 0 %, dark blue 100 %, so the diagonal shows each
     * class's recall), explained by a colour bar. Names too long for their place are shortened with
     * an ellipsis. The note under the title gives the sample count and the accuracy. An all-zero
     * matrix is valid.
     *
     * @param counts {@code counts[true][predicted]}, square, non-negative
     * @param classNames one name per row/column, in index order
     * @param title shown on top, on one line (line breaks become spaces; "" for none)
     * @param png the file to write, ending in {@code .png}; missing folders are created
     * @throws IllegalArgumentException if {@code counts} is empty, not square or negative, or the
     *         number of names differs from its size
     * @throws IOException if the file cannot be written
     */
    public static void confusionMatrix(int[][] counts, List<String> classNames, String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        Canvas.writePng(ConfusionMatrixPlot.render(counts, classNames, t), png);
    }

    /**
     * The filters of a convolution layer as a grid of greyscale tiles, numbered from 0, each
     * upscaled by pixel repetition (a 5x5 kernel becomes 60x60 px; scaled down only when many
     * filters would make the image wider than about 1800 px).
     *
     * <p>Each tile is min-max scaled on its own: black is the filter's most negative (smallest)
     * weight, white its largest. This shows every filter's pattern at full contrast; brightness is
     * not comparable between tiles. For {@code nIn > 1} the tile is the mean over the input
     * channels (the note under the title says so); for the lab's first layer {@code nIn = 1} and the
     * tile is exactly the kernel. Constant filters are mid-grey, NaN or infinite weights red.
     *
     * @param weights {@code [nOut][nIn][kH][kW]} as DL4J stores convolution weights; non-empty,
     *        rectangular
     * @param title shown on top, on one line (line breaks become spaces; "" for none)
     * @param png the file to write, ending in {@code .png}; missing folders are created
     * @throws IllegalArgumentException if {@code weights} is empty or ragged
     * @throws IOException if the file cannot be written
     */
    public static void kernels(double[][][][] weights, String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        Canvas.writePng(TileGrids.kernels(weights, t), png);
    }

    /**
     * One input image and the feature maps it produces: the input on the left (a 28x28 digit drawn
     * 140x140 px), then every map as a numbered tile (a 24x24 map drawn 96x96 px) in a grid, all
     * greyscale and each min-max scaled on its own as in {@link #kernels}.
     *
     * @param input {@code [H][W]}, e.g. the 28x28 MNIST digit; non-empty, rectangular
     * @param maps {@code [C][H'][W']}, e.g. the 20 maps of 24x24 after the first convolution
     * @param title shown on top, on one line (line breaks become spaces; "" for none)
     * @param png the file to write, ending in {@code .png}; missing folders are created
     * @throws IllegalArgumentException if either array is empty or ragged
     * @throws IOException if the file cannot be written
     */
    public static void featureMaps(double[][] input, double[][][] maps, String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        Canvas.writePng(TileGrids.featureMaps(input, maps, t), png);
    }

    /**
     * A ROC curve (640x678 px): the true-positive rate (sensitivity) against the false-positive rate
     * (1 - specificity), both from 0 to 1 on a square plot, the dashed diagonal of guessing
     * (AUC 0.5), and the operating point of the decision threshold as a red dot. The legend gives
     * the AUC; the note under the title the number of thresholds.
     *
     * @param falsePositiveRate the curve's x values, from 0 up to 1, not decreasing
     * @param truePositiveRate the curve's y values, as many, not decreasing
     * @param auc the area under the curve, shown in the legend (NaN to leave it out)
     * @param operatingPoint {@code {fpr, tpr}} at the threshold used for sensitivity and specificity,
     *        or {@code null} for none
     * @param title shown on top, on one line (line breaks become spaces; "" for none)
     * @param png the file to write, ending in {@code .png}; missing folders are created
     * @throws IllegalArgumentException if the curve has fewer than 2 points, the arrays differ in
     *         length, a rate is outside [0, 1] or decreases, or the operating point is malformed
     * @throws IOException if the file cannot be written
     */
    public static void roc(double[] falsePositiveRate, double[] truePositiveRate, double auc, double[] operatingPoint,
                           String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        Canvas.writePng(RocPlot.render(falsePositiveRate, truePositiveRate, auc, operatingPoint, t), png);
    }
}
