package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real signal to a real training process: SIGTERM, SIGINT (Ctrl-C) or SIGUSR1 (Slurm's warning
 * before a time limit) stops it after the current minibatch with a checkpoint and exit code 3, and
 * the run then resumes to the end.
 */
@Tag("integration")
class StopSignalTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "USR1"})
    void aSignalCheckpointsAndTheRunResumes(String signal) throws Exception {
        Path runs = dir.resolve("runs");
        Process p = cnnlab("train", "configs/default.yaml", "--set", "training.epochs=1", "--set", "data.trainLimit=3000",
                "--set", "output.logEveryBatches=5", "--set", "output.runsDir=" + runs);
        Path log = waitForLog(runs, "epoch 1/1 batch 10/", 120);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops within a minute");
        String out = output(p);
        assertEquals(StopSignal.EXIT_CODE, p.exitValue(), out + Files.readString(log));
        assertTrue(out.contains("Stopped by SIG" + signal), out);
        Path run = log.getParent();
        assertEquals("stopped", new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("status").asText());
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().matches("stop-0000-\\d{6}\\.zip")), "a mid-epoch checkpoint");
        }

        Process resume = cnnlab("train", "--resume", run.toString());
        assertTrue(resume.waitFor(180, TimeUnit.SECONDS), "resumed run finishes");
        String resumed = output(resume);
        assertEquals(0, resume.exitValue(), resumed);
        assertTrue(resumed.contains("Finished " + run), resumed);
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());
    }

    /** Each process's output goes to a file (read when it has ended), so a full pipe can never block it. */
    private static final java.util.Map<Long, Path> LAST_OUTPUT = new java.util.concurrent.ConcurrentHashMap<>();

    private static String output(Process p) throws IOException {
        return Files.readString(LAST_OUTPUT.get(p.pid()));
    }

    private static Process cnnlab(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dcnnlab.home=" + Path.of("").toAbsolutePath(), "-cp", System.getProperty("java.class.path"), "cnnlab.cli.Main"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("cnnlab-", ".out");
        output.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).directory(new File(".")).start();
        LAST_OUTPUT.put(p.pid(), output);
        return p;
    }

    private static Path waitForLog(Path runs, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.list(runs)) {
                    for (Path run : s.toList()) {
                        Path log = run.resolve("train.log");
                        if (Files.exists(log) && Files.readString(log).contains(text)) {
                            return log;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in a train.log under " + runs + " within " + seconds + " s");
    }
}
