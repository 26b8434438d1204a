package cnnlab.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.metrics.MedicalMetrics;
import cnnlab.records.RunJson;
import cnnlab.runtime.Backend;
import cnnlab.train.MetricsReport;
import cnnlab.train.TestEvaluation;

/**
 * {@code cnnlab evaluate}: a trained model's accuracy and per-class metrics on a test set; for a
 * MedMNIST dataset also ACC, AUC (and for a binary task sensitivity and specificity) as MedMNIST
 * reports them. The evaluation is {@link TestEvaluation}'s; this prints it.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a run's model on the test images of its dataset, or of another one with --data.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelChoice model;

    @Option(names = "--data", paramLabel = "DATASET", description = "A dataset name or folder (default: the run's).")
    String data;

    @Option(names = "--json", description = "Print the metrics as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Backend.start();   // a backend that cannot run here is one line, before any work
        TestEvaluation e = TestEvaluation.of(model.load(), data);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(RunJson.toJson(MetricsReport.of(e)));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d test images): accuracy %.2f%%, loss %.4f%n", e.model().source(), e.dataset(),
                    e.test().images().size(), 100 * e.result().accuracy(), e.result().loss());
            MedicalMetrics medical = e.medical();
            if (medical != null) {
                out.printf("%s: %s%n", medical.task().medMnistName(), MetricsReport.summary(medical));
                for (int c = 0; c < e.model().config().model.classes; c++) {
                    out.printf(Locale.ROOT, "  AUC %-6s %d %s%n", Double.isNaN(medical.classAuc()[c]) ? "-"
                            : String.format(Locale.ROOT, "%.4f", medical.classAuc()[c]), c, e.test().classNames().get(c));
                }
            }
            if (e.result().evaluation() != null) {
                out.println(e.result().evaluation().stats(false, true));
            }
        }
        out.flush();
        return 0;
    }
}
