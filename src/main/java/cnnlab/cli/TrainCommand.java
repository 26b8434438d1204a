package cnnlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.Sweep;
import cnnlab.train.Backend;
import cnnlab.train.MetricsReport;
import cnnlab.train.RunDirectory;
import cnnlab.train.StopSignal;
import cnnlab.train.TrainingRun;

/** {@code cnnlab train}: trains the network a config (or one member of a sweep) describes. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains LeNet as a config in configs/ describes and writes a run directory under runs/.",
                "Ctrl-C (or SIGTERM, SIGUSR1) stops after the current minibatch with a checkpoint; --resume continues it.",
                "In a Slurm job (slurm/*.sbatch), --run-id names the run after the job so that a requeued job continues it."},
        footer = {"", "Exit codes: 0 finished; 2 bad config, data or checkpoint; " + StopSignal.EXIT_CODE
                + " stopped early by a signal (resumable)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its newest checkpoint.")
    Path resume;

    @Option(names = "--index", paramLabel = "N", description = "With a sweep file: train only member N (from 0), e.g. a Slurm array task.")
    Integer index;

    @Option(names = "--run-id", paramLabel = "ID",
            description = {"Name the run directory <name>-ID instead of <name>-<time>, and if that run exists, continue it from its",
                    "newest checkpoint: the same command line resumes a requeued Slurm job (the job scripts pass the job id)."})
    String runId;

    @Option(names = "--allow-small-gpu-model",
            description = {"Train on CUDA even a model too small to keep a GPU busy (by default such a run is refused:",
                    "clusters such as NYU's Torch cancel GPU jobs with low GPU use; train it on CPU cores instead)."})
    boolean allowSmallGpuModel;

    @Override
    public Integer call() throws IOException {
        // From here on a signal asks for a checkpoint, even while the data is still loading.
        StopSignal.install();
        PrintWriter out = spec.commandLine().getOut();
        if (runId != null) {
            if (resume != null) {
                throw new UserError("--run-id and --resume: give one (--run-id continues its run by itself)");
            }
            if (!RunDirectory.RUN_ID.matcher(runId).matches()) {
                throw new UserError("--run-id '" + runId + "': use 1 to 64 letters, digits, '.', '_' or '-'");
            }
        }
        if (resume != null) {
            if (!RunDirectory.isRun(resume)) {
                throw new UserError(resume + ": not a run directory (it has no config.yaml)");
            }
            RunDirectory dir = new RunDirectory(resume);
            Path source = config.file(dir.config());
            ExperimentConfig c = config.load(source);
            return report(out, TrainingRun.resume(dir, c, source));
        }
        Path file = config.file(Path.of("configs/default.yaml"));
        List<ExperimentConfig> configs = new ArrayList<>();
        if (Sweep.isSweep(file)) {
            List<Sweep.Member> members = Sweep.load(file, config.overrides).members();
            if (index != null) {
                if (index < 0 || index >= members.size()) {
                    throw new UserError("--index " + index + ": the sweep " + file + " has members 0 to " + (members.size() - 1));
                }
                configs.add(members.get(index).config());
            } else {
                members.forEach(m -> configs.add(m.config()));
            }
        } else {
            if (index != null) {
                throw new UserError("--index is for sweep files; " + file + " is a single config");
            }
            configs.add(config.load(file));
        }
        if (!allowSmallGpuModel) {
            configs.forEach(Backend::refuseIdleGpu);
        }
        int code = 0;
        for (ExperimentConfig c : configs) {
            code = report(out, runId != null ? TrainingRun.startOrResume(c, file, runId) : TrainingRun.start(c, file));
            if (code != 0) {
                break;
            }
        }
        return code;
    }

    private static int report(PrintWriter out, TrainingRun.Outcome o) {
        if (!o.finished()) {
            out.printf("Stopped by %s after epoch %d + %d minibatches. Checkpoint written; resume with:%n  ./cnnlab train --resume %s%n",
                    o.stoppedBy(), o.state().completedEpochs, o.state().batchesIntoEpoch, o.dir().root());
            out.flush();
            return StopSignal.EXIT_CODE;
        }
        String best = Double.isNaN(o.state().bestValidationAccuracy) ? "no validation set"
                : String.format(Locale.ROOT, "best validation %.2f%% at epoch %d", 100 * o.state().bestValidationAccuracy, o.state().bestEpoch);
        out.printf(Locale.ROOT, "Finished %s: test accuracy %.2f%% (%s)%n", o.dir().root(), 100 * o.testAccuracy(), best);
        if (o.medical() != null) {
            out.printf("  test %s%n", MetricsReport.summary(o.medical()));
        }
        out.printf("  metrics: %s, %s; plots: %s, ...%n", o.dir().metricsCsv(), o.dir().metricsJson(), o.dir().trainingCurves());
        out.flush();
        return 0;
    }
}
