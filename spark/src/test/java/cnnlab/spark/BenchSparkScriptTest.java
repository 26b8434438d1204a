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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/spark}: starts its own Spark master and two one-core workers from this test's class path
 * ({@code CNNLAB_CLASSPATH}, so no second build), trains a small config once in one process, once with
 * parameter averaging and once with gradient sharing through {@code ./cnnlab train [--spark]}, prints
 * each side's speed and accuracy, the ratios and the load verdict, and appends the report to the file
 * given. No timing is asserted: benchmarks are not tests. Bad options stop it with one line, exit 2,
 * before anything starts or is written; a config that cnnlab refuses stops it at the first side, before
 * Spark starts, with cnnlab's exit code and line, and nothing recorded.
 */
class BenchSparkScriptTest {

    private static final Pattern REP = Pattern.compile("  rep 1 (one|averaging|sharing): \\d+ img/s, test accuracy (\\d+\\.\\d\\d)% \\(load \\d+\\.\\d\\d\\)");
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
            List<Matcher> reps = lines.stream().map(REP::matcher).filter(m -> m.matches() && m.group(1).equals(side)).toList();
            assertEquals(1, reps.size(), side + "\n" + r.out);
            // chance is 10%; 600 images and 2 epochs reach 70% or more on every side
            assertTrue(Double.parseDouble(reps.get(0).group(2)) > 40, side + " learned\n" + r.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\| " + side + " \\| \\d+ \\| \\d+\\.\\d\\d \\|")), side + " row\n" + r.out);
        }
        String ratios = lines.stream().filter(l -> RATIOS.matcher(l).matches()).findFirst().orElseThrow(() -> new AssertionError(r.out));
        assertTrue(r.out.contains("2 workers of 1 core") && r.out.contains("load average before: "), r.out);
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

    @Test
    void aConfigCnnlabRefusesStopsAtTheFirstSideBeforeSparkStarts() throws Exception {
        Path results = dir.resolve("results.md");
        Result r = run("--results", results.toString(), "--set", "training.epochs=0");
        assertEquals(2, r.exit, r.out + r.err);
        assertTrue(r.err.contains("bench/spark: the one side failed (exit 2)"), r.err);
        assertTrue(r.err.contains("training.epochs: expected 1 or more, got 0"), "cnnlab's own line\n" + r.err);
        Matcher kept = Pattern.compile("bench/spark: logs kept in (\\S+)").matcher(r.err);
        assertTrue(kept.find(), r.err);
        Path logs = Path.of(kept.group(1));
        assertTrue(Files.isRegularFile(logs.resolve("out-one.txt")), "the failed side's output is kept");
        assertTrue(Files.notExists(logs.resolve("master.log")), "no Spark master was started");
        assertTrue(Files.notExists(results), "nothing recorded");
        try (var files = Files.walk(logs)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bench/spark"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CNNLAB_CLASSPATH", System.getProperty("java.class.path"));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("bench/spark did not finish in 10 minutes:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
