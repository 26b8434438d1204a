package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One training per run directory: a second {@code train --run-id} or {@code --resume} of a run in
 * progress is refused in one line naming the holder; the lock goes when the holder exits; a stale one
 * (its process gone, or an earlier run of this same Slurm job on another node) is taken over; and
 * Slurm array tasks, each with its own lock, never share one.
 */
class RunLockCommandTest {

    @TempDir
    Path dir;

    private String[] tiny(String epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("--set", "training.epochs=" + epochs));
        args.addAll(List.of(more));
        return Faults.tinyTrain(dir.resolve("runs"), args.toArray(new String[0]));
    }

    @Test
    void aSecondTrainingOfARunInProgressIsRefusedAndTheLockGoesWithTheHolder() throws Exception {
        Path root = dir.resolve("runs/default-L");
        Path lock = root.resolve("run.lock");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dcnnlab.home=" + Path.of("").toAbsolutePath(), "-cp", System.getProperty("java.class.path"), "cnnlab.cli.Main"));
        command.addAll(List.of(tiny("200", "--run-id", "L")));
        Process first = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(root.resolve("checkpoints/epoch-0001.json")) && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(first.isAlive(), "the first training runs: " + Files.readString(dir.resolve("first.txt")));
            assertTrue(Files.readString(lock).contains("pid=" + first.pid()), Files.readString(lock));

            String holder = "another training is using this run: pid " + first.pid() + " on host " + InetAddress.getLocalHost().getHostName();
            Faults.assertOneLine(Faults.run("lock-second-run-id", tiny("200", "--run-id", "L")), 2, root.toString(), holder);
            Faults.assertOneLine(Faults.run("lock-second-resume", "train", "--resume", root.toString()), 2, holder);
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).start().waitFor();
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        }
        assertEquals(3, first.exitValue(), Files.readString(dir.resolve("first.txt")));
        assertFalse(Files.exists(lock), "the lock goes when its holder exits");
        assertEquals(1, Files.readString(root.resolve("train.log")).lines().filter(l -> l.contains("run " + root)).count(),
                "one training wrote the log");
    }

    @Test
    void aStaleLockOfAProcessThatIsGoneIsTakenOver() throws Exception {
        CliRun first = Faults.run("lock-stale-first", tiny("1", "--run-id", "S"));
        assertEquals(0, first.exitCode(), first.err());
        Path root = dir.resolve("runs/default-S");
        assertFalse(Files.exists(root.resolve("run.lock")), "released on exit");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(root.resolve("run.lock"), "pid=" + gone.pid() + "\nhost=" + InetAddress.getLocalHost().getHostName()
                + "\nlocked=2026-01-01T00:00:00Z\n");   // a training killed with kill -9
        CliRun again = Faults.run("lock-stale-again", tiny("2", "--run-id", "S"));
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(3, Files.readAllLines(root.resolve("metrics.csv")).size(), "epoch 2 trained after the stale lock");
        assertFalse(Files.exists(root.resolve("run.lock")));

        // DL4J's memory crash dump of this run's network goes into the run directory, never the working folder
        var net = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(root.resolve("model.zip").toFile(), false);
        org.deeplearning4j.util.CrashReportingUtil.writeMemoryCrashDump(net, new OutOfMemoryError("a test of where dumps go"));
        try (var s = Files.list(root)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("dl4j-memory-crash-dump")).count());
        }
        try (var s = Files.list(Path.of("").toAbsolutePath())) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith("dl4j-memory-crash-dump")).count());
        }
    }

    @Test
    void aLockOnAnotherNodeIsTakenOverOnlyByARequeueOfItsOwnSlurmJob() throws Exception {
        CliRun first = Faults.run("lock-slurm-first", tiny("1", "--run-id", "77_3"));
        assertEquals(0, first.exitCode(), first.err());
        Path root = dir.resolve("runs/default-77_3");
        Files.writeString(root.resolve("run.lock"), "pid=4242\nhost=gpu-node-9\nlocked=2026-01-01T00:00:00Z\nslurmJob=77_3\n");

        Faults.assertOneLine(Faults.run("lock-other-node", tiny("2", "--run-id", "77_3")), 2,
                "pid 4242 on host gpu-node-9 (Slurm job 77_3)", "delete " + root.resolve("run.lock").toAbsolutePath());
        // another task of the array (or another job) does not take it
        CliRun otherTask = Faults.process("lock-other-task", dir, List.of("-Xmx1g"),
                Map.of("SLURM_JOB_ID", "80", "SLURM_ARRAY_JOB_ID", "77", "SLURM_ARRAY_TASK_ID", "4"), tiny("2", "--run-id", "77_3"));
        Faults.assertOneLine(otherTask, 2, "(Slurm job 77_3)");
        // the same array task, requeued onto another node, continues its run
        CliRun requeued = Faults.process("lock-requeued-task", dir, List.of("-Xmx1g"),
                Map.of("SLURM_JOB_ID", "78", "SLURM_ARRAY_JOB_ID", "77", "SLURM_ARRAY_TASK_ID", "3"), tiny("2", "--run-id", "77_3"));
        assertEquals(0, requeued.exitCode(), requeued.err());
        assertEquals(3, Files.readAllLines(root.resolve("metrics.csv")).size());
        assertFalse(Files.exists(root.resolve("run.lock")));
        assertFalse(new File("run.lock").exists());
    }
}
