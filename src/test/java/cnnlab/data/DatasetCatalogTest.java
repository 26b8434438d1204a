package cnnlab.data;

import static cnnlab.data.IdxReaderTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and directories become four files; missing data is explained with how to get it. */
class DatasetCatalogTest {

    @TempDir
    Path dir;

    private String fashionDirProperty;

    @BeforeEach
    void saveProperty() {
        fashionDirProperty = System.getProperty(DatasetCatalog.FASHION_MNIST_DIR_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (fashionDirProperty == null) {
            System.clearProperty(DatasetCatalog.FASHION_MNIST_DIR_PROPERTY);
        } else {
            System.setProperty(DatasetCatalog.FASHION_MNIST_DIR_PROPERTY, fashionDirProperty);
        }
    }

    @Test
    void theSampleIsInTheProject() {
        DatasetFiles f = DatasetCatalog.resolve("mnist-sample", Path.of(""));
        Path d = Path.of("data", "mnist-sample");
        assertEquals(new DatasetFiles("mnist-sample", d.resolve("train-images-idx3-ubyte.gz"),
                d.resolve("train-labels-idx1-ubyte.gz"), d.resolve("t10k-images-idx3-ubyte.gz"),
                d.resolve("t10k-labels-idx1-ubyte.gz")), f);
    }

    @Test
    void fullMnistNotFetchedYet() throws Exception {
        assertProblem("not found; run data/fetch-mnist.sh on a machine with internet",
                () -> DatasetCatalog.resolve("mnist", dir));
        Path mnist = Files.createDirectories(dir.resolve("data/mnist"));
        writeDataset(mnist, true);
        Files.delete(mnist.resolve("train-labels-idx1-ubyte.gz"));
        Files.delete(mnist.resolve("t10k-images-idx3-ubyte.gz"));
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetCatalog.resolve("mnist", dir));
        assertEquals(mnist + ": missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz]; run "
                + "data/fetch-mnist.sh on a machine with internet (or pass the directory it wrote to)", e.getMessage());
    }

    @Test
    void fashionMnistMissing() {
        System.setProperty(DatasetCatalog.FASHION_MNIST_DIR_PROPERTY, dir.resolve("nowhere").toString());
        assertProblem("not found; install Debian's package: sudo apt-get install dataset-fashion-mnist",
                () -> DatasetCatalog.resolve("fashion-mnist", dir));
    }

    @Test
    void fashionMnistFromTheProperty() throws Exception {
        writeDataset(dir, false);
        // Both forms of one file: the .gz wins.
        Idx.write(dir, "train-images-idx3-ubyte.gz", Idx.gzip(Idx.images(6, 4, 4)));
        System.setProperty(DatasetCatalog.FASHION_MNIST_DIR_PROPERTY, dir.toString());
        DatasetFiles f = DatasetCatalog.resolve("fashion-mnist", Path.of("unused"));
        assertEquals("fashion-mnist", f.name());
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz"), f.trainImages());
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte"), f.testLabels());
    }

    @Test
    void aDirectoryPath() throws Exception {
        writeDataset(dir, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Idx.write(dir, "t10k-labels-idx1-ubyte", Idx.labels(0, 1, 0));
        DatasetFiles f = DatasetCatalog.resolve(dir.toString(), Path.of("unused"));
        assertEquals(dir.toString(), f.name());
        LoadedDataset d = f.load();
        assertEquals(6, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals(3, d.numClasses(), "train has labels 0..2; test only 0..1 but gets the same width");
        assertEquals(3, d.test().numClasses());
        assertArrayEquals(new int[] {2, 1, 0}, d.test().classCounts());
    }

    @Test
    void aDirectoryWithoutTheFilesListsThem() {
        assertProblem("missing train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz]; expected train-images-idx3-ubyte, ",
                () -> DatasetCatalog.resolve(dir.toString(), Path.of("")));
    }

    @Test
    void testImagesOfAnotherSize() throws Exception {
        writeDataset(dir, true);
        Path t = Idx.write(dir, "t10k-images-idx3-ubyte.gz", Idx.gzip(Idx.images(3, 5, 4)));
        DataFileException e = assertThrows(DataFileException.class,
                () -> DatasetCatalog.resolve(dir.toString(), Path.of("")).load());
        assertEquals(t + ": images are 5x4 but the training images " + dir.resolve("train-images-idx3-ubyte.gz")
                + " are 4x4", e.getMessage());
    }

    @Test
    void unknownNamesListTheKnownOnes() throws Exception {
        UnknownDatasetException e = assertThrows(UnknownDatasetException.class,
                () -> DatasetCatalog.resolve("minst", Path.of("")));
        assertEquals("unknown dataset 'minst': not one of mnist-sample, mnist, fashion-mnist, and no directory of that "
                + "name exists", e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
        assertThrows(UnknownDatasetException.class, () -> DatasetCatalog.resolve("", Path.of("")));
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        assertProblem("is a file; expected a dataset name (mnist-sample, mnist, fashion-mnist) or a directory",
                () -> DatasetCatalog.resolve(file.toString(), Path.of("")));
    }

    /**
     * Fashion-MNIST where Debian installs it (or where {@value DatasetCatalog#FASHION_MNIST_DIR_PROPERTY} says);
     * skipped where it is not installed.
     */
    @Test
    @Tag("integration")
    void fashionMnistInstalled() throws Exception {
        assumeTrue(Files.isDirectory(DatasetCatalog.fashionMnistDir()), "dataset-fashion-mnist is not installed");
        LoadedDataset d = DatasetCatalog.resolve("fashion-mnist", Path.of("")).load();
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(28, d.rows());
        assertEquals(28, d.cols());
        assertEquals(10, d.numClasses());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, d.train().classCounts());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, d.test().classCounts());
        // Uncompressed SHA-256 of data/README.md: the reader returns exactly the upstream bytes.
        assertEquals("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                ImageSetTest.sha256(Idx.idx(IdxReader.IMAGES_MAGIC, new int[] {60000, 28, 28}, d.train().pixels())));
    }

    /** Six 4x4 training images (labels 0..2) and three test images (labels 0..1). */
    private static void writeDataset(Path d, boolean gzip) {
        byte[][] files = {Idx.images(6, 4, 4), Idx.labels(0, 1, 2, 0, 1, 2), Idx.images(3, 4, 4), Idx.labels(0, 1, 0)};
        for (int i = 0; i < 4; i++) {
            String base = DatasetCatalog.FILE_NAMES.get(i);
            Idx.write(d, gzip ? base + ".gz" : base, gzip ? Idx.gzip(files[i]) : files[i]);
        }
    }
}
