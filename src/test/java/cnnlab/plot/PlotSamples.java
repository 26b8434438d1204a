package cnnlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes every plot with realistic made-up numbers, for looking at them: 10 epochs of falling loss,
 * a 10x10 confusion matrix with a strong diagonal, 20 random 5x5 kernels, a digit and 6 feature
 * maps of 24x24. Run with the folder as the argument (default {@code /tmp/plot-samples}).
 */
public final class PlotSamples {

    private PlotSamples() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/plot-samples");
        Random rnd = new Random(42);

        List<EpochPoint> epochs = new ArrayList<>();
        for (int e = 1; e <= 10; e++) {
            double train = 2.3 * Math.exp(-0.45 * e) + 0.03 + 0.01 * rnd.nextGaussian();
            double val = 2.3 * Math.exp(-0.42 * e) + 0.06 + 0.015 * rnd.nextGaussian();
            double acc = Math.min(0.995, 0.99 - 0.6 * Math.exp(-0.6 * e) + 0.003 * rnd.nextGaussian());
            epochs.add(new EpochPoint(e, train, val, acc));
        }
        Plots.trainingCurves(epochs, "LeNet on MNIST: training curves (lr 0.01, batch 64)", dir.resolve("training-curves.png"));

        List<EpochPoint> noValidation = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            noValidation.add(EpochPoint.withoutValidation(e, 1.0 / (e + 1)));
        }
        Plots.trainingCurves(noValidation, "Training without a validation set", dir.resolve("training-curves-no-validation.png"));

        List<EpochPoint> long_ = new ArrayList<>();
        for (int e = 1; e <= 60; e++) {
            long_.add(new EpochPoint(e, 0.5 / Math.sqrt(e), e % 5 == 0 ? 0.6 / Math.sqrt(e) : Double.NaN,
                    e % 5 == 0 ? 0.9 + e / 1000.0 : Double.NaN));
        }
        Plots.trainingCurves(long_, "60 epochs, validation every 5th", dir.resolve("training-curves-long.png"));
        Plots.trainingCurves(List.of(new EpochPoint(1, 0.7, 0.8, 0.75)), "One epoch", dir.resolve("training-curves-one.png"));

        List<EpochPoint> four = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            four.add(new EpochPoint(e, 1.0 / (e + 1), 1.1 / (e + 1), 0.5 + 0.1 * e));
        }
        Plots.trainingCurves(four, "Four epochs", dir.resolve("training-curves-four.png"));
        List<EpochPoint> twenty = new ArrayList<>();
        for (int e = 1; e <= 23; e++) {
            twenty.add(new EpochPoint(e, 1.0 / e, 1.1 / e, 0.9 + 0.004 * e));
        }
        Plots.trainingCurves(twenty, "23 epochs", dir.resolve("training-curves-23.png"));

        int[][] counts = new int[10][10];
        List<String> names = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            names.add(Integer.toString(r));
            int total = 180 + rnd.nextInt(50);
            int wrong = rnd.nextInt(12);
            counts[r][r] = total - wrong;
            for (int k = 0; k < wrong; k++) {
                int c = rnd.nextInt(10);
                counts[r][c == r ? (c + 1) % 10 : c]++;
            }
        }
        counts[4][9] += 25;
        counts[7][2] += 14;
        Plots.confusionMatrix(counts, names, "Confusion matrix, validation set (epoch 10)", dir.resolve("confusion-matrix.png"));

        double[][][][] kernels = new double[20][1][5][5];
        for (double[][][] k : kernels) {
            double angle = rnd.nextDouble() * Math.PI;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    k[0][i][j] = 0.3 * Math.cos(angle) * (i - 2) + 0.3 * Math.sin(angle) * (j - 2) + 0.1 * rnd.nextGaussian();
                }
            }
        }
        Plots.kernels(kernels, "conv1 kernels after 10 epochs", dir.resolve("kernels.png"));

        double[][] digit = new double[28][28];
        for (int i = 5; i < 23; i++) {
            for (int j = 0; j < 28; j++) {
                double d = Math.abs(j - (14 + (i - 14) * 0.15));
                digit[i][j] = Math.max(0, 1 - d / 2.2);
            }
        }
        double[][][] maps = new double[6][24][24];
        for (int c = 0; c < 6; c++) {
            for (int i = 0; i < 24; i++) {
                for (int j = 0; j < 24; j++) {
                    double s = 0;
                    for (int u = 0; u < 5; u++) {
                        for (int v = 0; v < 5; v++) {
                            s += digit[i + u][j + v] * kernels[c][0][u][v];
                        }
                    }
                    maps[c][i][j] = Math.max(0, s);
                }
            }
        }
        Plots.featureMaps(digit, maps, "Feature maps of conv1 (after ReLU) for a validation digit \"1\"", dir.resolve("feature-maps.png"));

        // Edge cases, to see that they stay readable.
        double[][][][] conv2 = KernelsPlotTest.random(50, 20, 5, 7);
        conv2[3][0][2][2] = Double.NaN;
        Plots.kernels(conv2, "conv2 kernels (50 filters on 20 channels), one NaN weight", dir.resolve("edge-kernels-conv2.png"));
        List<String> longNames = new ArrayList<>();
        for (String n : List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "a very long class name indeed")) {
            longNames.add(n);
        }
        Plots.confusionMatrix(counts, longNames, "Confusion matrix with long class names", dir.resolve("edge-confusion-long-names.png"));
        Plots.confusionMatrix(new int[10][10], names, "Confusion matrix before any evaluation", dir.resolve("edge-confusion-zeros.png"));
        System.out.println("wrote samples to " + dir);
    }
}
