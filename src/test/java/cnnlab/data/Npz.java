package cnnlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code .npy} arrays and {@code .npz} archives in exactly NumPy's layout, for tests that
 * cannot download MedMNIST: version 1.0 headers padded with spaces to a multiple of 64 bytes and
 * ended by a newline, as {@code numpy.lib.format.write_array} writes them; a zip of
 * {@code <key>.npy} entries, stored ({@code np.savez}) or deflated ({@code np.savez_compressed}).
 * The fixtures in {@code src/test/resources/cnnlab/data} were written by NumPy itself.
 */
public final class Npz {

    private Npz() {
    }

    /** A {@code .npy} array: header for {@code descr} and {@code shape} (C order), then {@code data}. */
    public static byte[] npy(String descr, long[] shape, byte[] data) {
        return npy(descr, false, shape, data);
    }

    public static byte[] npy(String descr, boolean fortran, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A {@code uint8} array. */
    public static byte[] uint8(byte[] data, long... shape) {
        return npy("|u1", shape, data);
    }

    /** Integer labels as {@code descr} ({@code |u1}, {@code <i8}, ...), little-endian, shape {@code shape}. */
    public static byte[] ints(String descr, int[] values, long... shape) {
        int size = Integer.parseInt(descr.substring(2));
        boolean big = descr.charAt(0) == '>';
        byte[] data = new byte[values.length * size];
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            for (int k = 0; k < size; k++) {
                int at = i * size + (big ? size - 1 - k : k);
                data[at] = (byte) (v >> (8 * k));
            }
        }
        return npy(descr, shape, data);
    }

    /** Writes {@code arrays} (key without {@code .npy}, in order) as an archive. */
    public static Path write(Path file, Map<String, byte[]> arrays, boolean compressed) {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> a : arrays.entrySet()) {
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                if (!compressed) {
                    CRC32 crc = new CRC32();
                    crc.update(a.getValue());
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(a.getValue().length);
                    e.setCompressedSize(a.getValue().length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(a.getValue());
                zip.closeEntry();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The six arrays of a small MedMNIST-like dataset whose images show their labels: {@code rows x cols}
     * images (colour: {@code (N, H, W, 3)}, interleaved), noise in 0..119 plus 40 on two thirds of the
     * pixels of a band of rows per class (multi-label: per label present), so a network can learn
     * them, though not perfectly: one image in eight shows another class's band (multi-label: each
     * label's band is wrong with probability 1/8). Labels are
     * {@code uint8 (N, 1)}, or {@code (N, classes)} flags for a multi-label set.
     *
     * @param sizes train, validation and test images
     */
    public static Map<String, byte[]> dataset(int channels, int rows, int cols, int classes, boolean multiLabel, int[] sizes, long seed) {
        Random random = new Random(seed);
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        String[] splits = {"train", "val", "test"};
        int band = Math.max(1, rows / classes);
        for (int s = 0; s < 3; s++) {
            int n = sizes[s];
            byte[] px = new byte[n * rows * cols * channels];
            int[] labels = new int[n * (multiLabel ? classes : 1)];
            for (int i = 0; i < n; i++) {
                boolean[] on = new boolean[classes];
                if (multiLabel) {
                    for (int k = 0; k < classes; k++) {
                        labels[i * classes + k] = random.nextInt(3) == 0 ? 1 : 0;
                        on[k] = (labels[i * classes + k] == 1) != (random.nextInt(8) == 0);
                    }
                } else {
                    int c = random.nextInt(classes);
                    // PneumoniaMNIST-like imbalance for two classes: class 1 three times as common
                    if (classes == 2) {
                        c = random.nextInt(4) == 0 ? 0 : 1;
                    }
                    // one image in eight shows another class's band: no classifier is perfect on these
                    on[random.nextInt(8) == 0 ? (c + 1 + random.nextInt(classes - 1)) % classes : c] = true;
                    labels[i] = c;
                }
                for (int r = 0; r < rows; r++) {
                    boolean bright = on[Math.min(classes - 1, r / band)] && r / band < classes;
                    for (int col = 0; col < cols; col++) {
                        for (int k = 0; k < channels; k++) {
                            int v = random.nextInt(120) + (bright && random.nextInt(3) > 0 ? 40 : 0) + 10 * k;
                            px[((i * rows + r) * cols + col) * channels + k] = (byte) Math.min(255, v);
                        }
                    }
                }
            }
            long[] imageShape = channels == 1 ? new long[] {n, rows, cols} : new long[] {n, rows, cols, channels};
            arrays.put(splits[s] + "_images", uint8(px, imageShape));
            arrays.put(splits[s] + "_labels", ints("|u1", labels, n, multiLabel ? classes : 1));
        }
        return arrays;
    }

    /** {@link #dataset} written to {@code file}, compressed as MedMNIST's files are. */
    public static Path write(Path file, int channels, int rows, int cols, int classes, boolean multiLabel, int[] sizes, long seed) {
        return write(file, dataset(channels, rows, cols, classes, multiLabel, sizes, seed), true);
    }
}
