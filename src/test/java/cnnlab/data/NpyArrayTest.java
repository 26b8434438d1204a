package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** One {@code .npy} array: the header, the dtypes MedMNIST uses, and damaged streams. */
class NpyArrayTest {

    private static NpyArray read(byte[] b) throws IOException {
        return NpyArray.read(new ByteArrayInputStream(b));
    }

    private static String problem(byte[] b) {
        return assertThrows(IllegalArgumentException.class, () -> read(b)).getMessage();
    }

    @Test
    void uint8ImagesAsNumPyWritesThem() throws IOException {
        byte[] npy = Npz.uint8(new byte[] {0, 1, (byte) 128, (byte) 255, 7, (byte) 200}, 1, 2, 3);
        assertEquals(0, (npy.length - 6) % 64, "header padded to 64 bytes, as NumPy does");
        NpyArray a = read(npy);
        assertEquals("|u1", a.descr());
        assertTrue(a.isUint8());
        assertArrayEquals(new long[] {1, 2, 3}, a.shape());
        assertEquals(6, a.elements());
        assertEquals("(1, 2, 3)", a.shapeText());
        assertEquals("uint8 (|u1)", a.typeName());
        assertEquals(255, a.integer(3), "unsigned, not -1");
        assertEquals(128, a.integer(2));
        assertFalse(a.fortranOrder());
    }

    @Test
    void integerLabelsOfEveryWidthAndByteOrder() throws IOException {
        int[] v = {0, 1, 13, -2};
        for (String descr : new String[] {"|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8"}) {
            NpyArray a = read(Npz.ints(descr, v, 4, 1));
            for (int i = 0; i < 4; i++) {
                assertEquals(v[i], a.integer(i), descr + " element " + i);
            }
        }
        NpyArray u16 = read(Npz.ints("<u2", new int[] {65535, 3}, 2));
        assertEquals(65535, u16.integer(0));
        assertEquals("(2,)", u16.shapeText());
        NpyArray bool = read(Npz.npy("|b1", new long[] {3}, new byte[] {1, 0, 1}));
        assertTrue(bool.isInteger());
        assertEquals(1, bool.integer(2));
        NpyArray f = read(Npz.npy("<f4", new long[] {1}, new byte[4]));
        assertFalse(f.isInteger());
        assertEquals("float32 (<f4)", f.typeName());
        assertThrows(IllegalStateException.class, () -> f.integer(0));
    }

    @Test
    void versionTwoHeadersAndZeroDimensions() throws IOException {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (0, 28, 28), }\n";
        byte[] head = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) dict.length(), 0, 0, 0};
        byte[] b = Arrays.copyOf(head, head.length + dict.length());
        System.arraycopy(dict.getBytes(StandardCharsets.US_ASCII), 0, b, head.length, dict.length());
        NpyArray a = read(b);
        assertEquals(0, a.elements());
        assertArrayEquals(new long[] {0, 28, 28}, a.shape());
    }

    @Test
    void damagedOrForeignStreams() {
        byte[] good = Npz.uint8(new byte[12], 3, 4);
        assertEquals("truncated: the header says (3, 4) uint8 (|u1) (12 bytes of data) but the data holds 5 bytes",
                problem(Arrays.copyOf(good, good.length - 7)));
        assertEquals("2 unexpected bytes after the data of (3, 4) uint8 (|u1)", problem(Arrays.copyOf(good, good.length + 2)));
        assertTrue(problem(Arrays.copyOf(good, 40)).startsWith("truncated .npy header"));
        assertEquals("not a .npy array (it does not start with \\x93NUMPY)",
                problem("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("too short for a .npy header (3 bytes)", problem(new byte[] {(byte) 0x93, 'N', 'U'}));
        byte[] v9 = good.clone();
        v9[6] = 9;
        assertEquals(".npy format version 9.0, expected 1.0, 2.0 or 3.0", problem(v9));
        assertTrue(problem(Npz.npy("|O", new long[] {1}, new byte[8])).contains("'|O' is not a plain number type"));
        byte[] structured = Npz.npy("|u1", new long[] {1}, new byte[1]);
        String text = new String(structured, StandardCharsets.ISO_8859_1).replace("'descr': '|u1'", "'descr': [('a','<i4')]");
        assertTrue(problem(text.getBytes(StandardCharsets.ISO_8859_1)).contains("structured arrays are not supported"));
    }
}
