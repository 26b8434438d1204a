package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What ND4J 1.0.0-M2.1's own {@code .npz} reader, {@code Nd4j.createFromNpzFile}, does with archives
 * NumPy wrote (docs/medmnist.md): it reads {@code uint8} right from {@code np.savez}, fails on
 * {@code np.savez_compressed}, and reads a truncated archive without a word, filling in zeros. These are the reasons
 * {@link MedMnistReader} reads archives itself; if a DL4J upgrade changes them, this test says so.
 */
class Nd4jNpzFindingsTest {

    @TempDir
    Path dir;

    @Test
    void uint8FromAStoredArchiveIsRight() throws Exception {
        Map<String, INDArray> m = Nd4j.createFromNpzFile(MedMnistReaderTest.fixture("numpy-colour-multiclass.npz").toFile());
        INDArray images = m.get("train_images");
        assertEquals(DataType.UBYTE, images.dataType());
        assertArrayEquals(new long[] {6, 4, 5, 3}, images.shape());
        // pixel (r, c, k) of train image i = (30 i + 10 r + 2 c + k) % 256: image 5, (3, 4, 2) = 150 + 30 + 8 + 2 = 190 > 127
        assertEquals(190, images.getInt(5, 3, 4, 2), "unsigned: not -66");
        assertEquals(DataType.LONG, m.get("train_labels").dataType());
    }

    @Test
    void aCompressedArchiveFails() {
        File compressed = MedMnistReaderTest.fixture("numpy-grey-binary.npz").toFile();
        Exception e = assertThrows(Exception.class, () -> Nd4j.createFromNpzFile(compressed));
        assertTrue(String.valueOf(e.getMessage()).startsWith("Unsupported data type"), String.valueOf(e.getMessage()));
    }

    @Test
    void aTruncatedArchiveIsReadWithoutAnError() throws Exception {
        // Cut inside train_images' pixels (its .npy starts at byte 66 of the archive, its 360 pixel bytes at 194):
        // ND4J does not check how many bytes it read, and the missing ones come back as zeros. (Cut inside a later
        // entry's .npy header, it loops for ever waiting for the header's newline: not tried here, for the build's sake.)
        byte[] b = Files.readAllBytes(MedMnistReaderTest.fixture("numpy-colour-multiclass.npz"));
        Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(b, 300));
        Map<String, INDArray> m = Nd4j.createFromNpzFile(cut.toFile());
        INDArray images = m.get("train_images");
        assertArrayEquals(new long[] {6, 4, 5, 3}, images.shape(), "no exception, the whole array comes back");
        assertEquals(2, images.getInt(0, 0, 1, 0), "the bytes that are there are right");
        assertEquals(0, images.getInt(5, 3, 4, 2), "the missing ones are zeros (the real pixel is 190)");
        assertThrows(DataFileException.class, () -> MedMnistReader.read(cut, "cut", null), "cnnlab's reader refuses it");
    }
}
