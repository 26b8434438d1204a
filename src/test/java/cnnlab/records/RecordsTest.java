package cnnlab.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.model.OutputHead;

/** The records' own rules: what they keep, how old text reads back, and how a damaged file is reported. */
class RecordsTest {

    @TempDir
    Path dir;

    @Test
    void theOutputLayerOfOldCheckpointsReadsBackIntoTheSameValue() {
        for (OutputHead head : List.of(OutputHead.softmax(), new OutputHead(true, null), new OutputHead(false, new double[] {1.6, 0.7272727272727273}),
                new OutputHead(true, new double[] {0.1, 2.0, 3.5e-7}))) {
            assertEquals(head, ModelFingerprint.parseLegacy(head.toString()), head.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parseLegacy("tanh, hinge"));
        assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parseLegacy("softmax, cross-entropy, weights [1]"));
    }

    @Test
    void aFingerprintWrittenAsAValueReadsBackEqual() throws IOException {
        ModelFingerprint f = new ModelFingerprint("abc", "1x28x28 dense10-out2", new OutputHead(false, new double[] {1, 2}));
        Path file = dir.resolve("f.json");
        RunJson.write(file, f);
        assertTrue(Files.readString(file).contains("\"modelFingerprint\" : \"abc\""), Files.readString(file));
        ModelFingerprint back = RunJson.read(file, ModelFingerprint.class);
        assertEquals(f, back);
        assertTrue(back.sameArchitecture(f));
    }

    @Test
    void runInfoKeepsTheFirstStartAndSource() {
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        Instant t1 = Instant.parse("2026-01-01T11:00:00Z");
        RunInfo first = RunInfo.next(null, "default", Path.of("configs/default.yaml"), "running", t0);
        RunInfo later = RunInfo.next(first, "default", Path.of("elsewhere.yaml"), "stopped", t1);
        assertEquals(RunJson.SCHEMA_VERSION, later.schemaVersion());
        assertEquals(t0.toString(), later.started());
        assertEquals("configs/default.yaml", later.source());
        assertEquals("stopped", later.status());
        assertEquals(t1.toString(), later.updated());
        assertEquals(List.of(t0 + " running", t1 + " stopped"), later.statusHistory());
        assertNull(RunInfo.next(null, "x", null, "running", t0).source());
        assertTrue(!RunJson.toJson(RunInfo.next(null, "x", null, "running", t0)).contains("source"), "no source: left out, as before");
    }

    @Test
    void aDamagedFileIsOneLineNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("run.json"), "{\"status\" : [");
        RunFileException e = assertThrows(RunFileException.class, () -> RunJson.read(file, RunInfo.class));
        assertTrue(e.getMessage().startsWith(file + ": not a readable RunInfo file ("), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
