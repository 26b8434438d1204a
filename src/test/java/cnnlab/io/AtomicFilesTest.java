package cnnlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the old file and no temporary behind. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileWhole() throws IOException {
        Path f = dir.resolve("metrics.csv");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(1, count());
    }

    @Test
    void aFailingWriterKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("model.zip");
        AtomicFiles.writeString(f, "old");
        CannotWriteException e = assertThrows(CannotWriteException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IOException("Disk full");
        }));
        assertEquals(f + ": cannot be written; the previous version, if any, is unchanged (disk full)", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(1, count());
    }

    @Test
    void leftoversOfKilledWritesAreRemovedAndNothingElse() throws IOException {
        Files.writeString(dir.resolve(".model-8423487.partial.zip"), "half");
        Files.writeString(dir.resolve(".run-11.partial.json"), "half");
        Files.writeString(dir.resolve("model.zip"), "whole");
        Files.writeString(dir.resolve("notes.partial.txt"), "mine");
        assertEquals(2, AtomicFiles.removeLeftovers(dir));
        assertEquals(2, count());
    }

    @Test
    void pathWritersSeeTheTargetsExtension() throws IOException {
        Path f = dir.resolve("plot.png");
        AtomicFiles.writeVia(f, tmp -> {
            assertEquals(true, tmp.toString().endsWith(".png"));
            Files.writeString(tmp, "png");
        });
        assertEquals("png", Files.readString(f));
    }

    @Test
    void newFilesAreReadableByOthers() throws IOException {
        Path f = dir.resolve("config.yaml");
        AtomicFiles.writeString(f, "x");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    private long count() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
