package cnnlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.data.ImageFiles;
import cnnlab.explain.Attribution;
import cnnlab.plot.ExplanationPlots;

/**
 * {@code cnnlab explain}: one picture of the user's own through a run's model, and where the model
 * looks for a class (the predicted one unless asked for another): Grad-CAM, saliency and gradient x
 * input in one PNG. The picture is prepared as {@code cnnlab predict} prepares it (MNIST runs: a
 * dark digit on white paper is inverted; MedMNIST runs: centre-cropped and resized, colour kept).
 *
 * @param png the picture written
 * @param predicted the class the model chose
 * @param probability the model's probability of it
 * @param target the class explained
 * @param targetProbability the model's probability of the class explained
 * @param logit that class's logit, the number differentiated
 * @param className the explained class's name
 * @param camPeak Grad-CAM's largest cell as {@code {row, column}} in image pixels, or {@code null} without a conv layer
 */
public record ImageExplanation(Path png, int predicted, double probability, int target, double targetProbability, double logit,
                               String className, int[] camPeak) {

    /**
     * Explains {@code image} with the run's model.
     *
     * @param targetClass the class to explain, or {@code null} for the predicted one
     * @param out where to write the PNG, or {@code null} for {@code RUN/explain/<image>-class<C>.png}
     * @throws CheckpointException when the run or its model is missing
     * @throws IllegalArgumentException when the class is outside the model's
     */
    public static ImageExplanation of(Path runDir, Path image, Integer targetClass, Path out, TrainedModel.Which which) throws IOException {
        TrainedModel m = TrainedModel.load(runDir, which);
        int rows = m.config().model.input.height;
        int cols = m.config().model.input.width;
        int channels = m.config().model.input.channels;
        byte[] pixels = m.medical() || channels != 1 ? ImageFiles.readMedical(image, channels, rows, cols)
                : ImageFiles.read(image, rows, cols, ImageFiles.Invert.AUTO);
        float[] table = m.normaliser().table();
        float[] x = new float[pixels.length];
        double[][][] raw = new double[channels][rows][cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = table[pixels[i] & 0xff];
            raw[i / (rows * cols)][(i / cols) % rows][i % cols] = pixels[i] & 0xff;
        }
        INDArray input = Nd4j.create(x, new long[] {1, channels, rows, cols}, DataType.FLOAT);
        INDArray p = m.net().output(input, false);
        int predicted = p.argMax(1).getInt(0);
        int classes = (int) p.size(1);
        int target = targetClass == null ? predicted : targetClass;
        if (target < 0 || target >= classes) {
            throw new IllegalArgumentException("--class " + target + " is outside the model's classes 0.." + (classes - 1));
        }
        Attribution.Maps maps = Attribution.of(m.net()).explain(input, new int[] {target}).get(0);
        String name = m.classNames().get(target);
        String stem = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path png = out != null ? out : m.dir().root().resolve("explain").resolve(stem + "-class" + target + ".png");
        ExplanationPlots.explanation(raw, maps.camUpsampled(), maps.saliency(), maps.gradientTimesInput(),
                "Where " + m.dir().name() + " looks for class " + target + (m.medical() ? " (" + name + ")" : ""),
                String.format(Locale.ROOT, "%s: predicted %d (p = %.3f); class %d p = %.3f, logit %.3f", image.getFileName(), predicted,
                        p.getDouble(0, predicted), target, p.getDouble(0, target), maps.score()), png);
        return new ImageExplanation(png, predicted, p.getDouble(0, predicted), target, p.getDouble(0, target), maps.score(), name,
                peak(maps.camUpsampled()));
    }

    private static int[] peak(double[][] cam) {
        if (cam == null) {
            return null;
        }
        int[] best = {0, 0};
        for (int y = 0; y < cam.length; y++) {
            for (int x = 0; x < cam[0].length; x++) {
                if (cam[y][x] > cam[best[0]][best[1]]) {
                    best = new int[] {y, x};
                }
            }
        }
        return best;
    }
}
