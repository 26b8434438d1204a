package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.data.ImageFiles;
import cnnlab.runtime.Backend;
import cnnlab.train.Predictor;
import cnnlab.train.TrainedModel;

/** {@code cnnlab predict}: the top-3 classes of a trained model for picture files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classifies PNG or JPEG pictures of any size with a run's model: each is turned into a 28x28 grey",
                "image like the training data (a dark digit on white paper is inverted), then the top 3 classes are printed.",
                "For a model trained on MedMNIST the picture is centre-cropped and resized as MedMNIST made its images,",
                "in colour when the model takes colour, never inverted unless --invert yes; a multi-label model prints the",
                "3 most probable labels, each probability on its own (they need not add up to 100%%)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelChoice model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Picture files.")
    List<Path> images;

    @Option(names = "--invert", paramLabel = "auto|yes|no", defaultValue = "auto", converter = EnumValue.Invert.class,
            description = "Invert grey values: auto (when the border is brighter than the middle), yes or no.")
    ImageFiles.Invert invert;

    @Override
    public Integer call() throws IOException {
        Backend.start();   // a backend that cannot run here is one line, before any work
        TrainedModel m = model.load();
        var out = spec.commandLine().getOut();
        for (Path image : images) {
            StringBuilder line = new StringBuilder(image.toString()).append(':');
            for (Predictor.Guess g : Predictor.top(m, image, invert, 3)) {
                line.append(m.medical() ? String.format(Locale.ROOT, "  %d %s (%.1f%%)", g.index(), g.name(), 100 * g.probability())
                        : String.format(Locale.ROOT, "  %d (%.1f%%)", g.index(), 100 * g.probability()));
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
