package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.data.DatasetCatalog;
import cnnlab.data.DatasetFiles;
import cnnlab.data.ImageBatches;
import cnnlab.data.ImageSet;
import cnnlab.train.Backend;
import cnnlab.train.Evaluator;
import cnnlab.train.MetricsReport;
import cnnlab.train.TrainedModel;
import cnnlab.train.TrainingData;

/** {@code cnnlab evaluate}: a trained model's accuracy and per-class metrics on a test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a run's model on the test images of its dataset, or of another one with --data.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory under runs/.")
    Path run;

    @Option(names = "--data", paramLabel = "DATASET", description = "A dataset name or folder (default: the run's).")
    String data;

    @Option(names = "--model", paramLabel = "final|best|latest", defaultValue = "final",
            description = "Which model: final (model.zip), best (best validation accuracy) or latest checkpoint. Default: final.")
    String which;

    @Option(names = "--json", description = "Print the metrics as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Backend.start();   // a backend that cannot run here is one line, before any work
        TrainedModel m = TrainedModel.load(run, parse(which));
        DatasetFiles files = DatasetCatalog.resolve(data != null ? data : m.config().data.dataset, TrainingData.projectRoot());
        ImageSet test = TrainingData.fit(m.config().model, ImageSet.load(files.testImages(), files.testLabels(),
                files.name() + "/test"), files.testImages(), files.testLabels());
        Evaluator.Result r = Evaluator.evaluate(m.net(), new ImageBatches(test, 256, m.normaliser(), false, 0), m.config().model.classes);
        var out = spec.commandLine().getOut();
        if (json) {
            var metrics = new java.util.LinkedHashMap<String, Object>();
            metrics.put("run", m.dir().root().toString());
            metrics.put("model", m.source().toString());
            metrics.put("dataset", files.name());
            metrics.put("testImages", test.size());
            metrics.put("testAccuracy", r.accuracy());
            metrics.put("testLoss", r.loss());
            metrics.put("confusionMatrix", MetricsReport.confusion(r.evaluation()));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d test images): accuracy %.2f%%, loss %.4f%n", m.source(), files.name(), test.size(),
                    100 * r.accuracy(), r.loss());
            out.println(r.evaluation().stats(false, true));
        }
        out.flush();
        return 0;
    }

    static TrainedModel.Which parse(String which) {
        try {
            return TrainedModel.Which.valueOf(which.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--model must be final, best or latest, got '" + which + "'");
        }
    }
}
