package cnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/spark}: starts its own Spark master and two one-core workers from this test's class path
 * ({@code CNNLAB_CLASSPATH}, so no second build), trains a small config once in one process, once with
 * parameter averaging and once with gradient sharing through {@code ./cnnlab train [--spark]}, prints
 * each side's speed and accuracy, the ratios and the load verdict, and appends the report to the file
 * given. No timing is asserted: benchmarks are not tests. Bad options stop it with one line, exit 2,
 * before anything starts or is written.
 */
class BenchSparkScriptTest {

    private static final Pattern REP = Pattern.compile("  rep 1 (one|averaging|sharing): \\d+ img/s, test accuracy \\d+\\.\\d\\d% \\(load \\d+\\.\\d\\d\\)");
    private static final Pattern RATIOS = Pattern.compile("ratio_averaging=\\d+\\.\\d\\d ratio_sharing=\\d+\\.\\d\\d load_before=\\S+ load_after=\\S+");

    @TempDir
    Path dir;

    @Test
    void runsTheThreeSidesAndRecordsTheReport() throws Exception {
        Path results = dir.resolve("results.md");
        Result r = run("--workers", "2", "--results", results.toString(), "--set", "training.epochs=2",
                "--set", "data.trainLimit=600", "--set", "data.testLimit=200");
        assertEquals(0, r.exit, r.out + r.err);
        List<String> lines = r.out.lines().toList();
        for (String side : List.of("one", "averaging", "sharing")) {
            assertEquals(1, lines.stream().filter(l -> REP.matcher(l).matches() && l.startsWith("  rep 1 " + side + ":")).count(),
                    side + "\n" + r.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\| " + side + " \\| \\d+ \\| \\d+\\.\\d\\d \\|")), side + " row\n" + r.out);
        }
        String ratios = lines.stream().filter(l -> RATIOS.matcher(l).matches()).findFirst().orElseThrow(() -> new AssertionError(r.out));
        assertTrue(r.out.contains("2 workers of 1 core") && r.out.contains("backend nd4j-native") && r.out.contains("load average before: "), r.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("NOT A HEADLINE: ") || l.startsWith("Headline: ")), "the load verdict\n" + r.out);
        String recorded = Files.readString(results);
        assertTrue(recorded.contains("- bench/spark") && recorded.contains(ratios), recorded);
    }

    @Test
    void badOptionsStopWithOneLineAndWriteNothing() throws Exception {
        Path results = dir.resolve("results.md");
        for (List<String> args : List.of(List.of("--reps", "0"), List.of("--workers", "x"), List.of("--bogus"),
                List.of("no-such-config.yaml"))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--results", results.toString()));
            Result r = run(all.toArray(String[]::new));
            assertEquals(2, r.exit, args + ": " + r.out + r.err);
            assertEquals(1, r.err.lines().count(), args + ": " + r.err);
            assertTrue(r.err.startsWith("bench/spark: "), r.err);
        }
        assertTrue(Files.notExists(results));
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bench/spark"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CNNLAB_CLASSPATH", System.getProperty("java.class.path"));
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench/spark finished");
        return new Result(p.exitValue(), out, Files.readString(dir.resolve("stderr.txt")));
    }
}
