package cnnlab.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.ModelConfig;
import cnnlab.data.ImageFiles;

/**
 * A trained model's most probable classes for a picture file, the work of {@code cnnlab predict}:
 * the picture is read as the model's training images were made ({@link ImageFiles#readFor}), scaled
 * with the run's normalisation, and the model's outputs ranked.
 */
public final class Predictor {

    /**
     * One of the ranked classes.
     *
     * @param index the class (or, multi-label, the label) index
     * @param name its name (the run's class names; {@code "0"}, {@code "1"}, ... for IDX runs)
     * @param probability the model's output for it: a softmax share, or a multi-label sigmoid on its own
     */
    public record Guess(int index, String name, double probability) {
    }

    private Predictor() {
    }

    /**
     * The {@code k} most probable classes of {@code model} for {@code image}, most probable first (ties:
     * the lower index first).
     *
     * @throws cnnlab.data.DataFileException if the file is missing or not a picture
     */
    public static List<Guess> top(TrainedModel model, Path image, ImageFiles.Invert invert, int k) {
        ModelConfig m = model.config().model;
        cnnlab.io.MemoryBudget.during("reading the picture " + image);
        byte[] pixels = ImageFiles.readFor(image, m.input.channels, m.input.height, m.input.width, model.medical(), invert);
        INDArray input = Nd4j.create(model.normaliser().apply(pixels), new long[] {1, m.input.channels, m.input.height, m.input.width},
                DataType.FLOAT);
        INDArray p = model.net().output(input, false);
        return ranked(p.toDoubleVector(), model.classNames(), k);
    }

    /** The {@code k} largest of {@code p} (fewer if {@code p} is shorter), largest first, the lower index first among equals. */
    static List<Guess> ranked(double[] p, List<String> names, int k) {
        boolean[] used = new boolean[p.length];
        List<Guess> out = new ArrayList<>();
        for (int n = 0; n < Math.min(k, p.length); n++) {
            int best = -1;
            for (int c = 0; c < p.length; c++) {
                if (!used[c] && (best < 0 || p[c] > p[best])) {
                    best = c;
                }
            }
            used[best] = true;
            out.add(new Guess(best, best < names.size() ? names.get(best) : String.valueOf(best), p[best]));
        }
        return out;
    }
}
