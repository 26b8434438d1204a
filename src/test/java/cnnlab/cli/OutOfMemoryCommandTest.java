package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.data.Npz;

/**
 * Inputs too big for the memory: refused before allocating where the size is known (an .npz header,
 * the model's layers, a sweep's grid), and any out-of-memory error that remains (on the heap or in
 * ND4J's off-heap memory) reported as one line that names the setting to raise. Nothing is written,
 * and DL4J's crash dumps never land in the working folder.
 */
class OutOfMemoryCommandTest {

    @TempDir
    Path dir;

    private String[] train(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--set", "training.epochs=1"));
        args.addAll(List.of(more));
        return Faults.tinyTrain(dir.resolve("runs"), args.toArray(new String[0]));
    }

    /** The default LeNet-5 with its plots, on 320 training images: more than 24 MB of heap. */
    private String[] lenet() {
        return new String[] {"train", "configs/default.yaml", "--set", "training.epochs=1", "--set", "data.trainLimit=320",
                "--set", "data.testLimit=64", "--set", "output.runsDir=" + dir.resolve("runs")};
    }

    @Test
    void aValidCompressedNpzOfOneAndAHalfMillionImagesIsRefusedFromItsHeader() throws IOException {
        Path npz = dir.resolve("huge.npz");
        int n = 1_500_000;
        try (OutputStream os = Files.newOutputStream(npz); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry("train_images.npy"));
            byte[] header = Npz.uint8(new byte[0], n, 28, 28);
            zip.write(header);
            byte[] block = new byte[28 * 28 * 10_000];
            for (int i = 0; i < n / 10_000; i++) {
                zip.write(block);   // 1.1 GB of pixels, a few MB compressed
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("train_labels.npy"));
            zip.write(Npz.ints("|u1", new int[n], n, 1));
            zip.closeEntry();
            for (String split : new String[] {"val", "test"}) {
                zip.putNextEntry(new ZipEntry(split + "_images.npy"));
                zip.write(Npz.uint8(new byte[2 * 28 * 28], 2, 28, 28));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(split + "_labels.npy"));
                zip.write(Npz.ints("|u1", new int[] {0, 1}, 2, 1));
                zip.closeEntry();
            }
        }
        // the launcher's default heap
        CliRun run = Faults.process("oom-npz-1.5M", dir, List.of("-Xmx1g"), Map.of(), train("--set", "data.dataset=" + npz));
        Faults.assertOneLine(run, 2, npz + ": train_images: shape (1500000, 28, 28) of uint8 (|u1) is 1.1 GB: too big for this JVM",
                "CNNLAB_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written");
        assertNoCrashDumps(dir);
    }

    @Test
    void anOutOfMemoryErrorThrownDirectlyIsOneLineNotACrash() {
        // 24 MB of heap, 1 GB off heap: loading the images runs out of heap (an OutOfMemoryError, not a cause)
        CliRun heap = Faults.process("oom-direct-heap", dir, List.of("-Xmx24m", "-Dorg.bytedeco.javacpp.maxbytes=1g"), Map.of(), lenet());
        Faults.assertOneLine(heap, 2, "out of Java heap", "CNNLAB_JAVA_OPTS=-Xmx");
        // Enough heap, but JavaCPP's limit on the process's physical memory below what a JVM with ND4J always
        // uses (over 80 MB): the first off-heap allocation fails ("Physical memory usage is too high"). A 24 MB
        // heap with JavaCPP's default limits is not used: which of the two runs out first differs between machines.
        CliRun offHeap = Faults.process("oom-direct-off-heap", dir, List.of("-Xmx512m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=64m"),
                Map.of(), lenet());
        Faults.assertOneLine(offHeap, 2, "out of memory outside the Java heap", "org.bytedeco.javacpp.maxbytes", "CNNLAB_JAVA_OPTS=");
        if (offHeap.err().contains("DL4J's memory report: ")) {   // DL4J writes one when fit() runs out: into the run directory
            assertTrue(offHeap.err().contains("DL4J's memory report: " + dir.resolve("runs")), offHeap.err());
        }
        assertNoCrashDumps(dir);
        assertNoCrashDumps(Path.of(""));
    }

    @Test
    void aFirstConvLayerOfAHundredThousandFiltersIsRefusedBeforeAllocating() {
        CliRun run = Faults.run("oom-conv-100000-filters", train("--set", "model.layers[0].filters=100000"));
        Faults.assertOneLine(run, 2, "the model needs about", "for training with minibatches of 64 (training.batchSize)",
                "most of it for model.layers[", "org.bytedeco.javacpp.maxbytes", "CNNLAB_JAVA_OPTS");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written");
    }

    @Test
    void aHundredMillionClassesIsRefusedBeforeAllocating() {
        CliRun run = Faults.run("oom-classes-1e8", train("--set", "model.classes=100000000"));
        Faults.assertOneLine(run, 2, "the output layer (model.classes: 100000000)", "org.bytedeco.javacpp.maxbytes");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written");
        // summary builds the network too (its parameters only)
        CliRun summary = Faults.run("oom-classes-1e8-summary", "summary", "configs/default.yaml", "--set", "model.classes=100000000");
        Faults.assertOneLine(summary, 2, "for its parameters", "the output layer (model.classes: 100000000)");
        // a big but possible layer still trains nothing away: summary shows it
        CliRun wide = Faults.run("summary-wide-conv", "summary", "configs/default.yaml", "--set", "model.layers[0].filters=1000");
        assertEquals(0, wide.exitCode(), wide.err());
    }

    @Test
    void aSweepOfBillionsOfMembersIsRefusedBeforeItIsExpanded() throws IOException {
        StringBuilder grid = new StringBuilder();
        String[] keys = {"training.optimizer.learningRate", "training.batchSize", "training.epochs", "seed", "data.trainLimit"};
        for (String key : keys) {
            grid.append("  ").append(key).append(": [");
            for (int v = 1; v <= 100; v++) {
                grid.append(v == 1 ? "" : ", ").append(key.endsWith("learningRate") ? v / 1000.0 : v);
            }
            grid.append("]\n");
        }
        Path sweep = Files.writeString(dir.resolve("billions.yaml"), "sweep: billions\nbase: " + Path.of("configs/default.yaml").toAbsolutePath()
                + "\ngrid:\n" + grid);
        for (String command : new String[] {"sweep", "train"}) {
            CliRun run = Faults.run("oom-sweep-" + command, command, sweep.toString());
            Faults.assertOneLine(run, 2, sweep + ": grid: the grid has 10000000000 combinations (100 x 100 x 100 x 100 x 100)",
                    "at most 10000 members");
        }
    }

    /** DL4J's memory crash dumps belong in a run directory or the temp folder, never the working folder. */
    private static void assertNoCrashDumps(Path folder) {
        try (Stream<Path> s = Files.list(folder.toAbsolutePath())) {
            List<Path> dumps = s.filter(p -> p.getFileName().toString().startsWith("dl4j-memory-crash-dump")).toList();
            assertTrue(dumps.isEmpty(), "crash dumps in " + folder.toAbsolutePath() + ": " + dumps);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
