package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the bad-input tests: runs the command line (in this JVM with {@link CliRun}, or as its own
 * {@code java} process with a heap and settings of the test's choosing), keeps what it printed in
 * {@code target/fault-outputs/} (so that {@code grep -r "internal error" target/fault-outputs} checks
 * them all), and asserts the promise for bad input: one line, the exit code, no stack trace.
 */
final class Faults {

    static final Path OUTPUTS = Path.of("target/fault-outputs");

    private Faults() {
    }

    /**
     * {@code train configs/default.yaml} made small and quick (320 training and 64 test images, dense
     * layers of 16, no plots) into {@code runsDir}, with {@code more} arguments after it.
     */
    static String[] tinyTrain(Path runsDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "configs/default.yaml",
                "--set", "data.trainLimit=320", "--set", "data.testLimit=64", "--set", "output.plots=false",
                "--set", "model.layers[4].units=16", "--set", "model.layers[5].units=16", "--set", "output.runsDir=" + runsDir));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /** A command run in this JVM, its output kept under {@code name}. */
    static CliRun run(String name, String... args) {
        CliRun r = CliRun.of(args);
        keep(name, String.join(" ", args), r.exitCode(), r.out(), r.err());
        return r;
    }

    /**
     * A command run as its own process, in {@code workDir}, with {@code jvm} options (e.g. -Xmx) and
     * cnnlab's logging at ERROR so that stderr holds only what the command itself says.
     */
    static CliRun process(String name, Path workDir, List<String> jvm, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-Dcnnlab.log=ERROR", "-Dcnnlab.home=" + Path.of("").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "cnnlab.cli.Main"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("cnnlab-out", ".txt");
            Path err = Files.createTempFile("cnnlab-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(name + ": still running after 300 s");
                }
                CliRun r = new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
                keep(name, String.join(" ", args), r.exitCode(), r.out(), r.err());
                return r;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts a user error: exit 2, exactly one line on stderr containing each of {@code parts}, no stack trace. */
    static void assertOneLine(CliRun run, int exitCode, String... parts) {
        assertEquals(exitCode, run.exitCode(), "stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(1, run.errLines().length, "one line: " + run.err());
        assertTrue(run.err().startsWith("cnnlab: "), run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat ") || run.err().contains("internal error"), "no stack trace: " + run.err());
    }

    private static void keep(String name, String args, int code, String out, String err) {
        try {
            Files.createDirectories(OUTPUTS);
            Files.writeString(OUTPUTS.resolve(name + ".txt"), "$ cnnlab " + args + "\nexit " + code + "\n--- stdout\n" + out
                    + "--- stderr\n" + err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
