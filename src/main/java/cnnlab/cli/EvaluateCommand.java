package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.config.ModelConfig;
import cnnlab.data.DatasetCatalog;
import cnnlab.data.DatasetFiles;
import cnnlab.data.DatasetSource;
import cnnlab.data.ImageBatches;
import cnnlab.data.ImageSet;
import cnnlab.train.Backend;
import cnnlab.data.LoadedDataset;
import cnnlab.data.NpzDataset;
import cnnlab.data.Task;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.NetworkFactory;
import cnnlab.train.Evaluator;
import cnnlab.train.MetricsReport;
import cnnlab.train.TrainedModel;
import cnnlab.train.TrainingData;

/**
 * {@code cnnlab evaluate}: a trained model's accuracy and per-class metrics on a test set; for a
 * MedMNIST dataset also ACC, AUC (and for a binary task sensitivity and specificity) as MedMNIST
 * reports them.
 */
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
        cnnlab.io.MemoryBudget.during("loading the model of " + run);
        TrainedModel m = TrainedModel.load(run, parse(which));
        cnnlab.io.MemoryBudget.during("loading and evaluating the test images of " + (data != null ? data : m.config().data.dataset));
        DatasetSource source = DatasetCatalog.find(data != null ? data : m.config().data.dataset, TrainingData.projectRoot());
        ImageSet test;
        Task task;
        List<String> names;
        if (source instanceof DatasetFiles files) {
            test = files.loadTest();
            task = Task.MULTI_CLASS;
            names = null;
        } else {
            LoadedDataset d = source.load();
            test = d.test();
            task = d.task();
            names = d.classNames();
        }
        ModelConfig model = m.config().model;
        java.nio.file.Path where = source instanceof DatasetFiles f ? f.testImages() : source.file();
        if (test.rows() != model.input.height || test.cols() != model.input.width || test.channels() != model.input.channels) {
            throw new UserError(where + ": images are " + test.channels() + "x" + test.rows() + "x" + test.cols()
                    + ", the model takes " + model.input.channels + "x" + model.input.height + "x" + model.input.width);
        }
        boolean multiLabel = NetworkFactory.isMultiLabel(m.net());
        if (test.multiLabel() != multiLabel || (multiLabel ? test.numClasses() != model.classes : test.numClasses() > model.classes)) {
            throw new UserError(where + ": " + (test.multiLabel() ? test.numClasses() + " labels per image" : "classes 0.."
                    + (test.numClasses() - 1)) + ", the model has " + model.classes + (multiLabel ? " sigmoid" : " softmax") + " outputs");
        }
        if (names != null && test.numClasses() != model.classes) {   // a dataset with class names: its classes are the model's, or it is another task
            throw new UserError(where + ": " + test.numClasses() + " classes (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? ", ..." : "") + "), the model has " + model.classes + " outputs: evaluate it on data of the task it was trained for");
        }
        if (!multiLabel) {
            test = test.withNumClasses(model.classes);   // one-hot labels as wide as the model's output
        }
        Evaluator.Result r = Evaluator.evaluate(m.net(), new ImageBatches(test, 256, m.normaliser(), false, 0), model.classes, multiLabel);
        MedicalMetrics medical = source instanceof NpzDataset ? r.medical(task) : null;
        var out = spec.commandLine().getOut();
        if (json) {
            var metrics = new java.util.LinkedHashMap<String, Object>();
            metrics.put("run", m.dir().root().toString());
            metrics.put("model", m.source().toString());
            metrics.put("dataset", source.name());
            metrics.put("testImages", test.size());
            metrics.put("testAccuracy", r.accuracy());
            metrics.put("testLoss", r.loss());
            if (medical != null) {
                metrics.put("task", medical.task().medMnistName());
                metrics.put("acc", medical.acc());
                metrics.put("auc", medical.auc());
                if (medical.task() == Task.BINARY) {
                    metrics.put("sensitivity", medical.sensitivity());
                    metrics.put("specificity", medical.specificity());
                    metrics.put("threshold", MedicalMetrics.THRESHOLD);
                }
                var perClass = new java.util.ArrayList<Object>();
                for (int c = 0; c < model.classes; c++) {
                    var row = new java.util.LinkedHashMap<String, Object>();
                    row.put("class", c);
                    row.put("name", names.get(c));
                    row.put("auc", medical.classAuc()[c]);
                    perClass.add(row);
                }
                metrics.put("perClass", perClass);
            }
            if (r.evaluation() != null) {
                metrics.put("confusionMatrix", MetricsReport.confusion(r.evaluation()));
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d test images): accuracy %.2f%%, loss %.4f%n", m.source(), source.name(), test.size(),
                    100 * r.accuracy(), r.loss());
            if (medical != null) {
                out.printf("%s: %s%n", medical.task().medMnistName(), MetricsReport.summary(medical));
                for (int c = 0; c < model.classes; c++) {
                    out.printf(Locale.ROOT, "  AUC %-6s %d %s%n", Double.isNaN(medical.classAuc()[c]) ? "-"
                            : String.format(Locale.ROOT, "%.4f", medical.classAuc()[c]), c, names.get(c));
                }
            }
            if (r.evaluation() != null) {
                out.println(r.evaluation().stats(false, true));
            }
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
