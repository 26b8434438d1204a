package cnnlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files, good and bad, for the tests. */
final class Idx {

    private Idx() {
    }

    /** An IDX file: magic, sizes, then {@code data} as given (which may disagree with the sizes). */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        b.putInt(magic);
        for (int s : sizes) {
            b.putInt(s);
        }
        b.put(data);
        return b.array();
    }

    /** {@code count} images of {@code rows x cols}; image i's pixel j is {@code (i * 31 + j * 7) & 0xff}. */
    static byte[] images(int count, int rows, int cols) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels(count, rows, cols));
    }

    static byte[] pixels(int count, int rows, int cols) {
        byte[] px = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * cols; j++) {
                px[i * rows * cols + j] = (byte) (i * 31 + j * 7);
            }
        }
        return px;
    }

    static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, data);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image set whose image i encodes i in its 4 pixels (big-endian), so images can be told apart. */
    static ImageSet indexed(int n, int numClasses) {
        ByteBuffer px = ByteBuffer.allocate(4 * n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px.putInt(i);
            labels[i] = i % numClasses;
        }
        return new ImageSet("indexed", 2, 2, px.array(), labels, numClasses);
    }

    /** The index an {@link #indexed} image encodes. */
    static int indexOf(ImageSet set, int i) {
        return ByteBuffer.wrap(set.pixels(), 4 * i, 4).getInt();
    }
}
