package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Good IDX files are read byte for byte, plain or gzipped; each kind of bad file gets a one-line message. */
class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedImagesAlike() {
        byte[] content = Idx.images(3, 4, 5);
        // Gzip is recognised by its magic bytes, not by the name: the names here say the opposite.
        Path plain = Idx.write(dir, "plain.gz", content);
        Path gzipped = Idx.write(dir, "gzipped", Idx.gzip(content));
        for (Path p : new Path[] {plain, gzipped}) {
            IdxReader.IdxImages im = IdxReader.readImages(p);
            assertEquals(3, im.count());
            assertEquals(4, im.rows());
            assertEquals(5, im.cols());
            assertArrayEquals(Idx.pixels(3, 4, 5), im.pixels());
            assertArrayEquals(Arrays.copyOfRange(Idx.pixels(3, 4, 5), 20, 40), im.image(1));
        }
        assertFalse(IdxReader.isGzip(plain));
        assertTrue(IdxReader.isGzip(gzipped));
    }

    @Test
    void readsLabelsAsUnsignedBytes() {
        Path p = Idx.write(dir, "labels", Idx.gzip(Idx.labels(0, 9, 255, 128)));
        assertArrayEquals(new int[] {0, 9, 255, 128}, IdxReader.readLabels(p));
    }

    @Test
    void theBriefsExampleMessage() {
        byte[] header = Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {60000, 28, 28}, new byte[1234 - 16]);
        Path p = Idx.write(dir, "train-images-idx3-ubyte.gz", header);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(p));
        assertEquals(p + ": truncated: header says 60000 images of 28x28 (47040016 bytes) but the file holds 1234 bytes",
                e.getMessage());
        assertEquals(p, e.file());
    }

    @Test
    void truncatedGzippedDataCountsUncompressedBytes() {
        byte[] full = Idx.images(3, 4, 5);
        Path p = Idx.write(dir, "t.gz", Idx.gzip(Arrays.copyOf(full, full.length - 7)));
        assertProblem("truncated: header says 3 images of 4x5 (76 bytes) but the uncompressed data holds 69 bytes",
                () -> IdxReader.readImages(p));
    }

    @Test
    void truncatedLabels() {
        byte[] full = Idx.labels(1, 2, 3, 4);
        Path p = Idx.write(dir, "l", Arrays.copyOf(full, full.length - 1));
        assertProblem("truncated: header says 4 labels (12 bytes) but the file holds 11 bytes",
                () -> IdxReader.readLabels(p));
    }

    @Test
    void truncatedHeader() {
        byte[] full = Idx.images(3, 4, 5);
        Path p = Idx.write(dir, "h", Arrays.copyOf(full, 10));
        assertProblem("truncated header: 3 sizes need 16 bytes but the file holds 10 bytes", () -> IdxReader.readImages(p));
    }

    @Test
    void trailingBytesAreRejectedPlainAndGzipped() {
        byte[] withExtra = Idx.concat(Idx.images(3, 4, 5), new byte[] {1, 2});
        Path plain = Idx.write(dir, "plain", withExtra);
        Path gz = Idx.write(dir, "gz", Idx.gzip(withExtra));
        assertProblem("2 unexpected bytes after the data: header says 3 images of 4x5 (76 bytes) but the file holds 78 bytes",
                () -> IdxReader.readImages(plain));
        assertProblem("2 unexpected bytes after the data: header says 3 images of 4x5 (76 bytes) but the uncompressed "
                + "data holds 78 bytes", () -> IdxReader.readImages(gz));
        Path labels = Idx.write(dir, "labels", Idx.concat(Idx.labels(1, 2), new byte[] {0}));
        assertProblem("1 unexpected bytes after the data", () -> IdxReader.readLabels(labels));
    }

    @Test
    void aLabelsFileGivenAsImagesIsExplained() {
        Path p = Idx.write(dir, "train-labels-idx1-ubyte", Idx.labels(1, 2, 3));
        assertProblem("this is an IDX labels file (magic 0x00000801), expected images (magic 0x00000803); "
                + "are the images and labels files swapped?", () -> IdxReader.readImages(p));
        Path q = Idx.write(dir, "train-images-idx3-ubyte", Idx.images(1, 2, 2));
        assertProblem("this is an IDX images file (magic 0x00000803), expected labels (magic 0x00000801)",
                () -> IdxReader.readLabels(q));
    }

    @Test
    void otherMagicNumbers() {
        Path html = Idx.write(dir, "html", "<!DOCTYPE html><html>Not Found</html>".getBytes());
        assertProblem("not an IDX file: magic 0x3C21444F (starts with text '<!DO': an error page instead of the data?), "
                + "expected images (magic 0x00000803)", () -> IdxReader.readImages(html));
        Path floats = Idx.write(dir, "floats", Idx.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        assertProblem("IDX data type 0x0D is not unsigned byte (0x08)", () -> IdxReader.readImages(floats));
        Path twoDims = Idx.write(dir, "two", Idx.idx(0x00000802, new int[] {1, 1}, new byte[1]));
        assertProblem("IDX file with 2 dimensions (magic 0x00000802), expected images (magic 0x00000803) with 3",
                () -> IdxReader.readImages(twoDims));
    }

    @Test
    void sizesMustBePositive() {
        Path p = Idx.write(dir, "zero", Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 0, 28}, new byte[0]));
        assertProblem("header gives rows 0, expected at least 1", () -> IdxReader.readImages(p));
        Path q = Idx.write(dir, "neg", Idx.idx(IdxReader.LABELS_MAGIC, new int[] {-1}, new byte[0]));
        assertProblem("header gives label count -1, expected at least 1", () -> IdxReader.readLabels(q));
        Path huge = Idx.write(dir, "huge", Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {100000, 1000, 1000}, new byte[0]));
        assertProblem("header says 100000 images of 1000x1000, more than the", () -> IdxReader.readImages(huge));
    }

    @Test
    void corruptGzip() {
        byte[] gz = Idx.gzip(Idx.images(20, 10, 10));
        byte[] damaged = gz.clone();
        for (int i = 12; i < damaged.length - 8; i++) {
            damaged[i] ^= 0x5a;
        }
        Path bad = Idx.write(dir, "bad.gz", damaged);
        assertProblem("corrupt gzip data (", () -> IdxReader.readImages(bad));

        Path cut = Idx.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertProblem("corrupt gzip data (", () -> IdxReader.readImages(cut));

        byte[] wrongCrc = gz.clone();
        wrongCrc[wrongCrc.length - 6] ^= 1;
        Path crc = Idx.write(dir, "crc.gz", wrongCrc);
        assertProblem("corrupt gzip data (", () -> IdxReader.readImages(crc));

        Path magicOnly = Idx.write(dir, "magic-only.gz", new byte[] {0x1f, (byte) 0x8b});
        assertProblem("corrupt gzip data (", () -> IdxReader.readLabels(magicOnly));
    }

    @Test
    void missingFileDirectoryAndEmptyFile() throws Exception {
        Path missing = dir.resolve("nope-idx3-ubyte.gz");
        assertProblem("not found", () -> IdxReader.readImages(missing));
        assertProblem("is a directory, expected an IDX file", () -> IdxReader.readLabels(dir));
        Path empty = Files.createFile(dir.resolve("empty"));
        assertProblem("empty file, expected an IDX images file", () -> IdxReader.readImages(empty));
        Path tiny = Idx.write(dir, "tiny", new byte[] {0, 0});
        assertProblem("too short for an IDX header: the file holds 2 bytes", () -> IdxReader.readImages(tiny));
    }

    /** The message is one line: the file, ": ", then a problem that starts with {@code expected}. */
    static void assertProblem(String expected, Executable call) {
        DataFileException e = assertThrows(DataFileException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(e.file() + ": "), m);
        String problem = m.substring(e.file().toString().length() + 2);
        assertTrue(problem.startsWith(expected), "expected the problem to start with\n  " + expected + "\nbut was\n  " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
    }
}
