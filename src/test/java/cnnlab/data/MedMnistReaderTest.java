package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MedMNIST's {@code .npz} layout: archives written by NumPy itself (the fixtures) and by the tests
 * (grey and colour, binary, multi-class and multi-label), checked against MedMNIST's published facts;
 * and every kind of bad file, each one line naming the file and the problem.
 */
class MedMnistReaderTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(MedMnistReaderTest.class.getResource("/cnnlab/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataFileException problem(Path file, MedMnistInfo info) {
        return assertThrows(DataFileException.class, () -> MedMnistReader.read(file, "x", info));
    }

    private static void assertProblem(String expected, Path file, MedMnistInfo info) {
        DataFileException e = problem(file, info);
        assertEquals(file + ": " + expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static MedMnistInfo info(String name) {
        return MedMnistInfo.find(name).orElseThrow();
    }

    // ---- files NumPy wrote ----

    @Test
    void greyBinaryWrittenByNumPysSavezCompressed() {
        LoadedDataset d = MedMnistReader.read(fixture("numpy-grey-binary.npz"), "grey", null);
        assertEquals(Task.BINARY, d.task());
        assertEquals(List.of("0", "1"), d.classNames());
        assertEquals(6, d.train().size());
        assertEquals(2, d.validation().size());
        assertEquals(3, d.test().size());
        assertEquals("grey/validation", d.validation().name());
        assertEquals(1, d.channels());
        assertEquals(4, d.rows());
        assertEquals(5, d.cols());
        // pixel (r, c) of image i of split s = (40 s + 20 i + 5 r + c) % 256
        assertEquals((40 * 2 + 20 * 2 + 5 * 3 + 4) % 256, d.test().pixel(2, 3, 4));
        assertEquals((20 * 5 + 5 * 1 + 2) % 256, d.train().pixel(5, 1, 2));
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, d.train().labels());
        assertArrayEquals(new int[] {3, 3}, d.train().classCounts());
    }

    @Test
    void colourMultiClassWrittenByNumPysSavez() {
        LoadedDataset d = MedMnistReader.read(fixture("numpy-colour-multiclass.npz"), "colour", null);
        assertEquals(Task.MULTI_CLASS, d.task());
        assertEquals(3, d.channels());
        assertEquals(3, d.numClasses());
        assertEquals("ImageSet[colour/train: 6 images of 3x4x5, 3 classes]", d.train().toString());
        // (N, H, W, 3) interleaved in the file; planar in the ImageSet: pixel (r, c, k) = (60 s + 30 i + 10 r + 2 c + k) % 256
        for (int k = 0; k < 3; k++) {
            assertEquals((60 + 30 * 2 + 10 * 3 + 2 * 4 + k) % 256, d.validation().pixel(2, k, 3, 4), "channel " + k);
            assertEquals((30 * 4 + 10 + 2 * 2 + k) % 256, d.train().pixel(4, k, 1, 2), "channel " + k);
        }
        byte[] px = d.train().pixels();
        assertEquals(0, px[0]);
        assertEquals(2, px[1], "the next byte is the next column of the red plane");
        assertEquals(1, px[20], "the green plane starts after 4 x 5 red bytes");
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, d.train().labels(), "int64 labels");
    }

    @Test
    void multiLabelWrittenByNumPy() {
        LoadedDataset d = MedMnistReader.read(fixture("numpy-multilabel.npz"), "ml", null);
        assertEquals(Task.MULTI_LABEL, d.task());
        assertTrue(d.train().multiLabel());
        assertEquals(3, d.numClasses());
        assertEquals(4, d.train().size());
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0}, d.train().labels());
        assertArrayEquals(new int[] {2, 2, 0}, d.train().classCounts(), "images with each label");
        assertTrue(d.test().hasLabel(0, 2));
        assertFalse(d.test().hasLabel(1, 2));
        assertEquals("ImageSet[ml/train: 4 images of 4x5, 3 labels (multi-label)]", d.train().toString());
    }

    // ---- files the tests write, in MedMNIST's layout ----

    @Test
    void storedAndDeflatedArchivesReadTheSame() {
        Map<String, byte[]> arrays = Npz.dataset(3, 6, 7, 4, false, new int[] {9, 3, 5}, 1);
        LoadedDataset stored = MedMnistReader.read(Npz.write(dir.resolve("a.npz"), arrays, false), "s", null);
        LoadedDataset deflated = MedMnistReader.read(Npz.write(dir.resolve("b.npz"), arrays, true), "s", null);
        assertEquals(stored.train(), deflated.train());
        assertEquals(stored.validation(), deflated.validation());
        assertEquals(stored.test(), deflated.test());
        assertEquals(3, stored.channels());
    }

    @Test
    void aFileWithTheShapeOfAKnownDatasetGetsItsNamesAndTask() {
        MedMnistInfo pneumonia = info("pneumoniamnist");
        Path file = Npz.write(dir.resolve("pneumoniamnist.npz"), 1, 28, 28, 2, false,
                new int[] {pneumonia.train(), pneumonia.val(), pneumonia.test()}, 3);
        LoadedDataset d = MedMnistReader.read(file, "pneumoniamnist", pneumonia);
        assertEquals(Task.BINARY, d.task());
        assertEquals(List.of("normal", "pneumonia"), d.classNames());
        assertEquals(4708, d.train().size());
        assertEquals(524, d.validation().size());
        assertEquals(624, d.test().size());
    }

    @Test
    void labelsOfShapeNAreAcceptedToo() {
        Map<String, byte[]> arrays = Npz.dataset(1, 4, 4, 3, false, new int[] {5, 2, 2}, 2);
        arrays.put("train_labels", Npz.ints("|u1", new int[] {0, 1, 2, 1, 0}, 5));
        LoadedDataset d = MedMnistReader.read(Npz.write(dir.resolve("n.npz"), arrays, true), "n", null);
        assertArrayEquals(new int[] {0, 1, 2, 1, 0}, d.train().labels());
    }

    // ---- bad files: one line each, naming the file and the problem ----

    @Test
    void aMissingKey() {
        Map<String, byte[]> arrays = Npz.dataset(1, 4, 4, 2, false, new int[] {4, 2, 2}, 1);
        arrays.remove("val_labels");
        Path file = Npz.write(dir.resolve("m.npz"), arrays, true);
        assertProblem("missing val_labels: a MedMNIST .npz holds train_images, train_labels, val_images, val_labels, "
                + "test_images, test_labels; this one holds train_images, train_labels, val_images, test_images, test_labels",
                file, null);
    }

    @Test
    void imagesThatAreNotUint8() {
        Map<String, byte[]> arrays = Npz.dataset(1, 2, 2, 2, false, new int[] {2, 2, 2}, 1);
        arrays.put("test_images", Npz.npy("<f4", new long[] {2, 2, 2}, new byte[32]));
        Path file = Npz.write(dir.resolve("f.npz"), arrays, false);
        assertProblem("test_images: dtype float32 (<f4), expected uint8 (|u1) pixels as in MedMNIST", file, null);
    }

    @Test
    void labelsThatAreNotIntegers() {
        Map<String, byte[]> arrays = Npz.dataset(1, 2, 2, 2, false, new int[] {2, 2, 2}, 1);
        arrays.put("train_labels", Npz.npy("<f8", new long[] {2, 1}, new byte[16]));
        assertProblem("train_labels: dtype float64 (<f8), expected integer labels (MedMNIST's are uint8)",
                Npz.write(dir.resolve("l.npz"), arrays, true), null);
    }

    @Test
    void imagesAndLabelsOfDifferentLengths() {
        Map<String, byte[]> arrays = Npz.dataset(1, 2, 2, 2, false, new int[] {4, 2, 2}, 1);
        arrays.put("train_labels", Npz.ints("|u1", new int[] {0, 1, 1}, 3, 1));
        assertProblem("train_images holds 4 images but train_labels holds 3 labels (3, 1); they must pair up one to one",
                Npz.write(dir.resolve("len.npz"), arrays, true), null);
    }

    @Test
    void aLabelOutsideTheClassRange() {
        MedMnistInfo pneumonia = info("pneumoniamnist");
        Map<String, byte[]> arrays = Npz.dataset(1, 2, 2, 2, false, new int[] {pneumonia.train(), pneumonia.val(), pneumonia.test()}, 1);
        int[] labels = new int[pneumonia.test()];
        labels[17] = 2;
        arrays.put("test_labels", Npz.ints("|u1", labels, labels.length, 1));
        Path file = Npz.write(dir.resolve("pneumoniamnist.npz"), arrays, true);
        assertProblem("test_labels: label 2 of image 17 is outside the classes 0..1 (MedMNIST's pneumoniamnist has 2)",
                file, pneumonia);

        Map<String, byte[]> negative = Npz.dataset(1, 2, 2, 3, false, new int[] {3, 1, 1}, 1);
        negative.put("val_labels", Npz.ints("|i1", new int[] {-1}, 1, 1));
        assertProblem("val_labels: label -1 of image 0 is outside the classes 0..2",
                Npz.write(dir.resolve("neg.npz"), negative, true), null);

        Map<String, byte[]> flags = Npz.dataset(1, 2, 2, 3, true, new int[] {2, 1, 1}, 1);
        flags.put("train_labels", Npz.ints("|u1", new int[] {0, 1, 0, 0, 2, 1}, 2, 3));
        assertProblem("train_labels: label 1 of image 1 is 2, expected 0 or 1 (3 labels per image)",
                Npz.write(dir.resolve("flags.npz"), flags, true), null);

        Map<String, byte[]> single = Npz.dataset(1, 2, 2, 2, false, new int[] {2, 1, 1}, 1);
        for (String s : new String[] {"train", "val", "test"}) {
            int n = s.equals("train") ? 2 : 1;
            single.put(s + "_labels", Npz.ints("|u1", new int[n], n, 1));
        }
        assertProblem("every label is 0: a classifier needs at least 2 classes", Npz.write(dir.resolve("one.npz"), single, true),
                null);
    }

    @Test
    void aTruncatedArchive() throws IOException {
        Path good = Npz.write(dir.resolve("good.npz"), 1, 8, 8, 2, false, new int[] {20, 5, 5}, 1);
        byte[] b = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(b, b.length / 2));
        DataFileException e = problem(cut, null);
        assertTrue(e.getMessage().startsWith(cut + ": not a complete .npz (zip) archive ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("truncated, or not an .npz file; download it again (data/fetch-medmnist.sh checks the MD5)"),
                e.getMessage());

        Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
        assertTrue(problem(empty, null).getMessage().startsWith(empty + ": not a complete .npz (zip) archive"));
        Path html = Files.writeString(dir.resolve("page.npz"), "<html>Zenodo is down</html>");
        assertTrue(problem(html, null).getMessage().startsWith(html + ": not a complete .npz (zip) archive"));
    }

    @Test
    void aCorruptEntry() throws IOException {
        Map<String, byte[]> arrays = Npz.dataset(1, 8, 8, 2, false, new int[] {20, 5, 5}, 1);
        Path stored = Npz.write(dir.resolve("flip.npz"), arrays, false);
        byte[] b = Files.readAllBytes(stored);
        b[600] ^= 0x10;   // inside train_images' pixels
        Files.write(stored, b);
        DataFileException e = problem(stored, null);
        assertTrue(e.getMessage().startsWith(stored + ": train_images: corrupt (CRC-32 "), e.getMessage());

        // an array whose .npy is shorter than its header says, in an intact archive
        Map<String, byte[]> shortArray = Npz.dataset(1, 8, 8, 2, false, new int[] {4, 2, 2}, 1);
        byte[] images = shortArray.get("test_images");
        shortArray.put("test_images", Arrays.copyOf(images, images.length - 10));
        assertProblem("test_images: truncated: the header says (2, 8, 8) uint8 (|u1) (128 bytes of data) but the data holds 118 bytes",
                Npz.write(dir.resolve("short.npz"), shortArray, true), null);
    }

    @Test
    void shapesThatDoNotFit() {
        Map<String, byte[]> arrays = Npz.dataset(1, 4, 4, 2, false, new int[] {2, 2, 2}, 1);
        arrays.put("val_images", Npz.uint8(new byte[2 * 5 * 4], 2, 5, 4));
        assertProblem("val_images are 5x4 but train_images are 4x4; every split must have the same image shape",
                Npz.write(dir.resolve("s.npz"), arrays, true), null);

        Map<String, byte[]> rgba = Npz.dataset(1, 2, 2, 2, false, new int[] {2, 2, 2}, 1);
        rgba.put("train_images", Npz.uint8(new byte[2 * 2 * 2 * 4], 2, 2, 2, 4));
        assertProblem("train_images: shape (2, 2, 2, 4), expected (N, H, W) for grey or (N, H, W, 3) for colour images",
                Npz.write(dir.resolve("rgba.npz"), rgba, true), null);

        Map<String, byte[]> fortran = Npz.dataset(1, 2, 2, 2, false, new int[] {2, 2, 2}, 1);
        fortran.put("train_images", Npz.npy("|u1", true, new long[] {2, 2, 2}, new byte[8]));
        assertProblem("train_images: stored in Fortran (column-major) order; expected C order, as numpy.savez writes an ordinary array",
                Npz.write(dir.resolve("fortran.npz"), fortran, true), null);

        Map<String, byte[]> widths = Npz.dataset(1, 2, 2, 3, true, new int[] {2, 2, 2}, 1);
        widths.put("test_labels", Npz.ints("|u1", new int[] {0, 1, 1, 0}, 2, 2));
        assertProblem("test_labels has 2 columns but train_labels has 3 columns", Npz.write(dir.resolve("w.npz"), widths, true), null);
    }

    @Test
    void aFileThatIsNotTheDatasetItIsNamedAfter() {
        MedMnistInfo blood = info("bloodmnist");
        Path grey = Npz.write(dir.resolve("bloodmnist.npz"), 1, 4, 4, 8, false, new int[] {6, 2, 2}, 1);
        assertProblem("holds grey images (N, 4, 4) but MedMNIST's bloodmnist has colour images (3 channels); is it another dataset?",
                grey, blood);
        Path small = Npz.write(dir.resolve("bloodmnist-small.npz"), 3, 4, 4, 8, false, new int[] {6, 2, 2}, 1);
        assertProblem("the train split has 6 images but MedMNIST's bloodmnist has 11959 (MedMNIST's info.py, v3.0.2); another "
                + "version of the file, or another dataset? data/fetch-medmnist.sh bloodmnist fetches the published one", small, blood);
        MedMnistInfo chest = info("chestmnist");
        Path notMulti = Npz.write(dir.resolve("chest.npz"), 1, 4, 4, 2, false, new int[] {6, 2, 2}, 1);
        assertProblem("train_labels has 1 column but MedMNIST's chestmnist has 14 labels per image (multi-label); is it another "
                + "dataset?", notMulti, chest);
        Path multi = Npz.write(dir.resolve("pn.npz"), 1, 4, 4, 3, true, new int[] {6, 2, 2}, 1);
        assertProblem("train_labels has 3 columns but MedMNIST's pneumoniamnist has one class per image (binary-class); is it "
                + "another dataset?", multi, info("pneumoniamnist"));
    }

    @Test
    void notAFile() throws IOException {
        assertProblem("not found", dir.resolve("nothing.npz"), null);
        Path d = Files.createDirectories(dir.resolve("folder.npz"));
        assertProblem("is a directory, expected a MedMNIST .npz file", d, null);
    }

    @Test
    void md5OfAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("hello.txt"), "hello\n");
        assertEquals("b1946ac92492d2347c6235b4d2611184", MedMnistReader.md5(f), "md5sum of 'hello\\n'");
    }

    @Test
    void pixelsStayBytes() {
        // one byte per pixel and channel in memory, as for IDX data: a 3-image colour split of 4x5 is 3 * 3 * 4 * 5 bytes
        LoadedDataset d = MedMnistReader.read(fixture("numpy-colour-multiclass.npz"), "c", null);
        assertEquals(3 * 3 * 4 * 5, d.test().pixels().length);
        assertEquals(3 * 3 * 4 * 5, d.test().size() * d.test().imageSize());
    }
}
