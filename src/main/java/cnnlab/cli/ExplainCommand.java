package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import cnnlab.runtime.Backend;
import cnnlab.train.ImageExplanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnlab explain}: Grad-CAM, saliency and gradient x input of a run's model for one picture. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Shows where a run's model looks in a picture of your own: Grad-CAM at the last conv layer, the saliency",
                "|d logit / d pixel| and gradient x input, for the predicted class or --class C, in one PNG",
                "(default RUN/explain/<picture>-class<C>.png). The picture is prepared as cnnlab predict prepares it."})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelChoice model;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "A PNG or JPEG picture.")
    Path image;

    @Option(names = "--class", paramLabel = "C", description = "The class to explain (default: the predicted one).")
    Integer target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", description = "Where to write the picture.")
    Path output;

    @Override
    public Integer call() throws IOException {
        Backend.start();
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UserError("--output must name a .png file, got " + output);
        }
        ImageExplanation e;
        try {
            e = ImageExplanation.of(model.run, image, target, output, model.which);
        } catch (IllegalArgumentException ex) {
            throw new UserError(ex.getMessage());
        }
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: predicted %d (%.1f%%); explained class %d %s (%.1f%%, logit %.3f)%n", image, e.predicted(),
                100 * e.probability(), e.target(), e.className(), 100 * e.targetProbability(), e.logit());
        if (e.camPeak() != null) {
            out.printf(Locale.ROOT, "Grad-CAM peak at row %d, column %d%n", e.camPeak()[0], e.camPeak()[1]);
        }
        out.println("wrote " + e.png());
        out.flush();
        return 0;
    }
}
