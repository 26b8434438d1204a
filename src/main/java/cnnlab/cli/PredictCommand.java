package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.data.ImageFiles;
import cnnlab.train.Backend;
import cnnlab.train.TrainedModel;

/** {@code cnnlab predict}: the top-3 classes of a trained model for picture files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classifies PNG or JPEG pictures of any size with a run's model: each is turned into a 28x28 grey",
                "image like the training data (a dark digit on white paper is inverted), then the top 3 classes are printed.",
                "For a model trained on MedMNIST the picture is centre-cropped and resized as MedMNIST made its images,",
                "in colour when the model takes colour, never inverted unless --invert yes; a multi-label model prints the",
                "3 most probable labels, each probability on its own (they need not add up to 100%)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory under runs/.")
    Path run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Picture files.")
    List<Path> images;

    @Option(names = "--model", paramLabel = "final|best|latest", defaultValue = "final", description = "Which model (default: final).")
    String which;

    @Option(names = "--invert", paramLabel = "auto|yes|no", defaultValue = "auto",
            description = "Invert grey values: auto (when the border is brighter than the middle), yes or no.")
    String invert;

    @Override
    public Integer call() throws IOException {
        Backend.start();   // a backend that cannot run here is one line, before any work
        ImageFiles.Invert inv;
        try {
            inv = ImageFiles.Invert.valueOf(invert.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--invert must be auto, yes or no, got '" + invert + "'");
        }
        cnnlab.io.MemoryBudget.during("loading the model of " + run);
        TrainedModel m = TrainedModel.load(run, EvaluateCommand.parse(which));
        int rows = m.config().model.input.height;
        int cols = m.config().model.input.width;
        int channels = m.config().model.input.channels;
        float[] table = m.normaliser().table();
        var out = spec.commandLine().getOut();
        for (Path image : images) {
            cnnlab.io.MemoryBudget.during("reading the picture " + image);
            byte[] pixels;
            if (m.medical() || channels != 1) {
                pixels = ImageFiles.readMedical(image, channels, rows, cols);
                if (inv == ImageFiles.Invert.YES) {
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = (byte) (255 - (pixels[i] & 0xff));
                    }
                }
            } else {
                pixels = ImageFiles.read(image, rows, cols, inv);
            }
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = table[pixels[i] & 0xff];
            }
            INDArray input = Nd4j.create(x, new long[] {1, channels, rows, cols}, DataType.FLOAT);
            INDArray p = m.net().output(input, false);
            StringBuilder line = new StringBuilder(image.toString()).append(':');
            boolean[] used = new boolean[(int) p.length()];
            for (int k = 0; k < Math.min(3, used.length); k++) {
                int best = -1;
                for (int c = 0; c < used.length; c++) {
                    if (!used[c] && (best < 0 || p.getDouble(0, c) > p.getDouble(0, best))) {
                        best = c;
                    }
                }
                used[best] = true;
                line.append(m.medical() ? String.format(Locale.ROOT, "  %d %s (%.1f%%)", best, m.classNames().get(best),
                        100 * p.getDouble(0, best)) : String.format(Locale.ROOT, "  %d (%.1f%%)", best, 100 * p.getDouble(0, best)));
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
