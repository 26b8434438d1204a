package cnnlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.doctor.DeviceCheck;

/** {@code cnnlab doctor}: runs the backend (the GPU on a CUDA build) and checks its numbers against the reference. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks that this build's backend works here, by running it: loads ND4J (on CUDA: prints the GPU, its compute",
                "capability and the driver's and runtime's CUDA versions), runs a small convolution and the gradients of a training",
                "step on the device and compares them with cnnlab's plain-Java reference, and trains the lab's LeNet one step.",
                "Run it first on a new GPU node: CNNLAB_BACKEND=cuda ./cnnlab doctor (in a GPU job)."},
        footer = {"", "Exit codes: 0 every check passed; 1 a check disagreed with the reference; 2 the backend cannot start here."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        DeviceCheck.Report report = DeviceCheck.run();
        PrintWriter out = spec.commandLine().getOut();
        if (report.missing() != null) {
            spec.commandLine().getErr().println("cnnlab doctor: " + report.missing());
            spec.commandLine().getErr().flush();
            return UserError.EXIT_CODE;
        }
        for (String[] f : report.facts()) {
            out.printf(Locale.ROOT, "%-14s %s%n", f[0], f[1]);
        }
        for (DeviceCheck.Step s : report.steps()) {
            out.printf(Locale.ROOT, "%-14s %s (%.1f s): %s%n", s.name(), s.passed() ? "ok" : "FAILED", s.seconds(), s.detail());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!report.passed()) {
            out.printf(Locale.ROOT, "cnnlab doctor: a check failed after %.1f s (above); do not train on this device%n", seconds);
            out.flush();
            return 1;
        }
        out.printf(Locale.ROOT, "cnnlab doctor: every check passed in %.1f s%n", seconds);
        out.flush();
        return 0;
    }
}
