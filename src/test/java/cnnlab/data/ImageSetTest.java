package cnnlab.data;

import static cnnlab.data.IdxReaderTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images and labels together: loading, the real sample's numbers, and the set operations. */
class ImageSetTest {

    private static final Path SAMPLE = Path.of("data/mnist-sample");

    @TempDir
    Path dir;

    @Test
    void loadsImagesWithTheirLabels() {
        Path images = Idx.write(dir, "i", Idx.gzip(Idx.images(4, 3, 2)));
        Path labels = Idx.write(dir, "l", Idx.labels(2, 0, 2, 1));
        ImageSet s = ImageSet.load(images, labels, "tiny");
        assertEquals(4, s.size());
        assertEquals(3, s.rows());
        assertEquals(2, s.cols());
        assertEquals(3, s.numClasses(), "max label + 1");
        assertArrayEquals(new int[] {1, 1, 2}, s.classCounts());
        assertEquals((1 * 31 + 5 * 7) & 0xff, s.pixel(1, 2, 1));
        assertEquals("ImageSet[tiny: 4 images of 3x2, 3 classes]", s.toString());
    }

    @Test
    void imagesAndLabelsMustHaveTheSameCount() {
        Path images = Idx.write(dir, "train-images-idx3-ubyte", Idx.images(4, 3, 2));
        Path labels = Idx.write(dir, "train-labels-idx1-ubyte.gz", Idx.gzip(Idx.labels(1, 2, 3)));
        assertProblem("holds 4 images but " + labels + " holds 3 labels; the two files must pair up one to one",
                () -> ImageSet.load(images, labels, "x"));
    }

    @Test
    void theBundledSample() throws Exception {
        LoadedDataset d = DatasetCatalog.resolve("mnist-sample", Path.of("")).load();
        ImageSet train = d.train();
        ImageSet test = d.test();
        assertEquals(7996, train.size());
        assertEquals(2004, test.size());
        assertEquals(28, d.rows());
        assertEquals(28, d.cols());
        assertEquals(10, d.numClasses());
        assertEquals("mnist-sample/train", train.name());
        assertArrayEquals(new int[] {800, 901, 792, 825, 784, 690, 811, 856, 755, 782}, train.classCounts());
        assertArrayEquals(new int[] {201, 226, 199, 207, 196, 173, 203, 214, 189, 196}, test.classCounts());
        assertArrayEquals(new int[] {1, 8, 5, 7, 7, 1, 1, 0, 9, 3, 9, 7, 4, 7, 6, 0, 2, 8, 2, 0},
                Arrays.copyOf(train.labels(), 20), "data/README.md: the first 20 train labels");
        // The reader returns exactly the file's bytes: the uncompressed SHA-256 of data/README.md.
        assertEquals("2dc84c25cde2263e6c0ac27d36350da05f8e9bea0b57225895c541369383a3c0",
                sha256(Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {7996, 28, 28}, train.pixels())));
        assertEquals("1ed88e4b4386a8b00fd01460b2267ae7236e8634d949ff6c0cbbc75ff5f70910",
                sha256(Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {2004, 28, 28}, test.pixels())));
        ImageSet direct = ImageSet.load(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"),
                SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"), "mnist-sample/test");
        assertEquals(test, direct);
    }

    @Test
    void subsetFirstAndNames() {
        ImageSet s = Idx.indexed(10, 3);
        ImageSet sub = s.subset(new int[] {7, 2, 2});
        assertEquals(3, sub.size());
        assertEquals(7, Idx.indexOf(sub, 0));
        assertEquals(2, Idx.indexOf(sub, 2));
        assertArrayEquals(new int[] {1, 2, 2}, sub.labels());
        assertEquals(3, sub.numClasses());
        assertThrows(IndexOutOfBoundsException.class, () -> s.subset(new int[] {10}));

        assertEquals(4, s.first(4).size());
        assertEquals(3, Idx.indexOf(s.first(4), 3));
        assertSame(s, s.first(99));
        assertEquals(0, s.first(0).size());
        assertEquals(3, s.first(0).numClasses());
        assertThrows(IllegalArgumentException.class, () -> s.first(-1));
        assertEquals("other", s.withName("other").name());
        assertEquals(s, Idx.indexed(10, 3));
        assertEquals(s.hashCode(), Idx.indexed(10, 3).hashCode());
    }

    @Test
    void inconsistentSetsAreRejected() {
        byte[] px = new byte[8];
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 2, 2, px, new int[] {0}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 2, 2, px, new int[] {0, 3}, 3));
        assertEquals("x: label 3 of image 1 is outside 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 0, 2, new byte[0], new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 2, 2, new byte[0], new int[0]));
        assertEquals(0, new ImageSet("x", 2, 2, new byte[0], new int[0], 10).size());
        assertTrue(new ImageSet("x", 1, 1, new byte[2], new int[] {4, 0}).numClasses() == 5);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
