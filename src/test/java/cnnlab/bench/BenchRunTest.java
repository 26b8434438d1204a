package cnnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run --quick} runs all three sides (cnnlab, PyTorch, DJL) at 1 and 2 threads and prints a
 * well-formed table, the load verdict and the ratios. No timing is asserted: benchmarks are not tests.
 * The cnnlab side runs from this test's class path (no second Maven build); the DJL side is
 * bench/djl/djl-lenet, which builds its module with Maven on first use; the data is the bundled MNIST
 * sample; the table goes to a temporary file, not bench/RESULTS.md. Skipped where Debian's Python has
 * no torch and cannot install it (not root).
 */
class BenchRunTest {

    private static final Pattern LAST_LINE = Pattern.compile(
            "ratio_train=\\d+\\.\\d\\d ratio_infer=\\d+\\.\\d\\d ratio_train_djl=\\d+\\.\\d\\d ratio_infer_djl=\\d+\\.\\d\\d scaling_2t=\\d+\\.\\d\\d");
    /** A table row: batch, threads, side, train median and range, infer median and range, RSS, accuracy, ratios. */
    private static final Pattern ROW = Pattern.compile(
            "\\| 64 \\| [12] \\| (cnnlab|pytorch|djl) \\| [\\d,]+ \\| [\\d,]+-[\\d,]+ \\| [\\d,]+ \\| [\\d,]+-[\\d,]+ \\| [\\d,]+ \\| 0\\.\\d{4} \\|"
            + "( \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\||  \\| \\| \\| \\|)");

    @Test
    void quickModeRunsAllThreeSidesAtOneAndTwoThreadsAndPrintsTheRatios() throws Exception {
        Assumptions.assumeTrue(torchAvailable() || isRoot(), "needs /usr/bin/python3 with torch (apt-get install python3-torch)");
        Path results = Files.createTempFile("bench-results", ".md");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bench/run", "--quick", "--reps", "1", "--data", "data/mnist-sample",
                "--results", results.toString());
        pb.environment().put("CNNLAB_CMD", java + " -Xmx2g -cp " + System.getProperty("java.class.path") + " cnnlab.cli.Main");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "bench/run finished");
        assertEquals(0, p.exitValue(), out);

        List<String> lines = out.lines().toList();
        assertTrue(LAST_LINE.matcher(lines.get(lines.size() - 1)).matches(), "last line: " + lines.get(lines.size() - 1));
        for (String side : List.of("cnnlab", "pytorch", "djl")) {
            for (int threads : new int[] {1, 2}) {
                String prefix = "| 64 | " + threads + " | " + side + " |";
                assertEquals(1, lines.stream().filter(l -> ROW.matcher(l).matches() && l.startsWith(prefix)).count(),
                        "one row " + prefix + "\n" + out);
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| 64 | 2 | cnnlab | ") && l.matches(".*( \\d+\\.\\d\\d \\|){4}")),
                "cnnlab's rows carry the PyTorch and DJL ratios\n" + out);
        assertTrue(out.contains("load average ") && out.contains(" before, ") && out.contains(" after"), out);
        assertTrue(out.contains("other processes' CPU use during the runs: "), "other processes' CPU time\n" + out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("NOT A HEADLINE: ") || l.startsWith("Headline: taken on a quiet machine")),
                "the load verdict\n" + out);
        assertTrue(out.contains("DJL 0.36.0, PyTorch engine, libtorch 2.7.1"), out);
        assertTrue(out.contains("machine: ") && out.contains(" cores") && out.contains("versions: "), out);
        String appended = Files.readString(results);
        assertTrue(appended.contains(lines.get(lines.size() - 1)), "the table was appended to the results file");
        Files.deleteIfExists(results);
    }

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
