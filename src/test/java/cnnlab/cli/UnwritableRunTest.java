package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cnnlab.train.StopSignal;

/**
 * Runs folders that cannot be written: read-only, a file where the folder belongs, a full disk (a
 * small tmpfs, mounted when the tests run as root, as CI's do). Each is one line naming the path and
 * the cause, exit 2 (3 when a stop signal was being answered); the checkpoints already written stay
 * usable, best.zip is the model metrics.json calls best, and leftover .partial files go at the next start.
 */
class UnwritableRunTest {

    @TempDir
    Path dir;

    private final List<Path> mounted = new java.util.ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        StopSignal.clear();
        for (Path m : mounted) {
            new ProcessBuilder(asRoot("umount", "-l", m.toString())).inheritIO().start().waitFor();
        }
    }

    private static String[] tiny(Path runsDir, String... more) {
        return Faults.tinyTrain(runsDir, more);
    }

    /** {@code command} as root: as it is when the tests run as root, else through password-less sudo (as CI's Slurm tests do). */
    private static List<String> asRoot(String... command) {
        List<String> c = new java.util.ArrayList<>();
        if (!System.getProperty("user.name").equals("root")) {
            c.addAll(List.of("sudo", "-n"));
        }
        c.addAll(List.of(command));
        return c;
    }

    /** A tmpfs with {@code options} at a new folder, owned by this user; false when it cannot be mounted here. */
    private boolean mount(Path at, String options) throws Exception {
        Files.createDirectories(at);
        Object uid = Files.getAttribute(at, "unix:uid");
        Object gid = Files.getAttribute(at, "unix:gid");
        Process p = new ProcessBuilder(asRoot("mount", "-t", "tmpfs", "-o", options + ",uid=" + uid + ",gid=" + gid, "tmpfs", at.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            System.err.println("cannot mount a tmpfs (" + out.strip() + ")");
            return false;
        }
        mounted.add(at);
        return true;
    }

    @Test
    void aReadOnlyRunsFolderIsOneLine() throws Exception {
        Path ro = dir.resolve("ro");
        if (!mount(ro, "size=1m,ro")) {
            Files.createDirectories(ro);   // not root: permissions are enough
            assertTrue(ro.toFile().setWritable(false, false));
            assumeUnwritable(ro);
        }
        CliRun run = Faults.run("unwritable-read-only", tiny(ro.resolve("runs"), "--set", "training.epochs=1"));
        Faults.assertOneLine(run, 2, ro.resolve("runs") + ": cannot create the folder (output.runsDir)");
        assertTrue(run.err().contains("read-only file system") || run.err().contains("permission denied"), run.err());

        // a read-only runs folder that exists: the run directory itself cannot be made
        Path ro2 = dir.resolve("ro2");
        Files.createDirectories(ro2.resolve("runs"));
        if (!mount(ro2.resolve("runs"), "size=1m,ro")) {
            assertTrue(ro2.resolve("runs").toFile().setWritable(false, false));
            assumeUnwritable(ro2.resolve("runs"));
        }
        CliRun second = Faults.run("unwritable-read-only-existing", tiny(ro2.resolve("runs"), "--set", "training.epochs=1", "--run-id", "x"));
        Faults.assertOneLine(second, 2, ro2.resolve("runs/default-x").toString());
    }

    @Test
    void aFileWhereTheRunsFolderBelongsIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("runs-file"), "not a folder");
        CliRun run = Faults.run("unwritable-runsdir-is-a-file", tiny(file, "--set", "training.epochs=1"));
        Faults.assertOneLine(run, 2, file + ": cannot create the folder (output.runsDir) (" + file + " exists and is not a folder)");
        CliRun below = Faults.run("unwritable-runsdir-below-a-file", tiny(file.resolve("runs"), "--set", "training.epochs=1"));
        Faults.assertOneLine(below, 2, file.resolve("runs") + ": cannot create the folder");
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void aFullDiskKeepsTheCheckpointsAndTheResumeFinishesWithTheRightBest() throws Exception {
        Path disk = dir.resolve("disk");
        Assumptions.assumeTrue(mount(disk, "size=256k"), "a full disk is simulated with a small tmpfs, which only root may mount");
        String[] args = tiny(disk, "--set", "training.epochs=4", "--set", "output.keepCheckpoints=4", "--run-id", "full");
        CliRun run = Faults.run("unwritable-full-disk", args);
        Path root = disk.resolve("default-full");
        Faults.assertOneLine(run, 2, root.toString(), "no space left on device");
        Path checkpoints = root.resolve("checkpoints");
        assertTrue(Files.exists(checkpoints.resolve("epoch-0001.json")), "the first checkpoint is kept: " + list(checkpoints));
        assertEquals(List.of(), leftovers(root), "no half-written files");
        String bestBefore = Files.exists(checkpoints.resolve("best.json")) ? Files.readString(checkpoints.resolve("best.json")) : null;

        // room again: a leftover of a killed write is cleared, the run goes on and ends with best.zip = metrics.json's best
        new ProcessBuilder(asRoot("mount", "-o", "remount,size=20m", disk.toString())).inheritIO().start().waitFor();
        Files.writeString(checkpoints.resolve(".epoch-0009-123456789.partial.zip"), "half");
        CliRun again = Faults.run("unwritable-full-disk-resumed", args);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(List.of(), leftovers(root), "leftover .partial files removed at the resume");
        ObjectMapper json = new ObjectMapper();
        JsonNode metrics = json.readTree(root.resolve("metrics.json").toFile());
        JsonNode best = json.readTree(checkpoints.resolve("best.json").toFile());
        assertEquals(metrics.get("bestEpoch").asInt(), best.get("completedEpochs").asInt(), "best.zip is the model metrics.json calls best");
        assertTrue(bestBefore == null || json.readTree(bestBefore).get("completedEpochs").asInt() <= best.get("completedEpochs").asInt());
    }

    @Test
    void aStopSignalOnAFullDiskIsExitThreeAndTheRunStaysResumable() throws Exception {
        Path disk = dir.resolve("disk");
        Assumptions.assumeTrue(mount(disk, "size=96k"), "a full disk is simulated with a small tmpfs, which only root may mount");
        StopSignal.stopAfter(2);   // as a SIGTERM after two minibatches: the stop checkpoint (80 KB) does not fit
        CliRun run = Faults.run("unwritable-full-disk-stop", tiny(disk, "--set", "training.epochs=1", "--run-id", "stop"));
        Path root = disk.resolve("default-stop");
        Faults.assertOneLine(run, StopSignal.EXIT_CODE, root.resolve("checkpoints").toString(), "no space left on device",
                "stopped by stop-after-2");
        assertEquals("stopped", new ObjectMapper().readTree(root.resolve("run.json").toFile()).get("status").asText());
        assertEquals(List.of(), leftovers(root), "no half-written files");
    }

    /** Skips when {@code folder} can still be written (root without the right to mount: permissions do not stop it). */
    private static void assumeUnwritable(Path folder) {
        boolean writable;
        try {
            Files.delete(Files.createFile(folder.resolve("probe")));
            writable = true;
        } catch (IOException e) {
            writable = false;
        }
        Assumptions.assumeFalse(writable, "cannot make a read-only folder here: not allowed to mount, and permissions do not stop root");
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> leftovers(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(".partial")).toList();
        }
    }
}
