package cnnlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import cnnlab.io.MemoryBudget;

/**
 * Reads the IDX files that MNIST and Fashion-MNIST come in, plain or gzipped, and checks them
 * strictly, because a damaged download otherwise shows up much later as a shape error or a
 * silently wrong model.
 *
 * <p>The format (<a href="http://yann.lecun.com/exdb/mnist/">LeCun et al.</a>): a 4-byte big-endian
 * magic number {@code 0x0000TTDD} (TT = data type, 0x08 for unsigned bytes; DD = number of
 * dimensions), then DD big-endian 32-bit sizes, then the data, row-major. Images are
 * {@code 0x00000803} with sizes (count, rows, cols); labels are {@code 0x00000801} with size (count),
 * one unsigned byte each.
 *
 * <p>Checked, each with a one-line {@link DataFileException}: the file exists and is a regular file;
 * gzip (recognised by its magic bytes {@code 1f 8b}, not by the file name) decompresses cleanly,
 * CRC included; the magic number is the one expected (with a hint when an images file and a labels
 * file have been swapped); every size is at least 1; the data is exactly as long as the header says,
 * neither truncated nor followed by extra bytes.
 *
 * <p>Not detected: bytes after the end of a gzip stream that do not start another gzip member
 * ({@link GZIPInputStream} ignores them, as {@code gzip -d} does with a warning).
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images: 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels: 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int BUFFER = 1 << 16;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_DATA = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * The content of an images file: {@code count} images of {@code rows x cols} unsigned bytes,
     * concatenated, each row-major. The array is not copied; treat it as read-only.
     */
    public record IdxImages(int count, int rows, int cols, byte[] pixels) {

        /** Pixels per image, {@code rows * cols}. */
        public int imageSize() {
            return rows * cols;
        }

        /** A copy of image {@code i}'s {@code rows * cols} bytes. */
        public byte[] image(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException("image " + i + " of " + count);
            }
            return Arrays.copyOfRange(pixels, i * imageSize(), (i + 1) * imageSize());
        }
    }

    /**
     * Reads an images file (magic {@code 0x00000803}).
     *
     * @throws DataFileException if the file is missing, unreadable, not an IDX images file or damaged
     */
    public static IdxImages readImages(Path file) {
        Content c = read(file, IMAGES_MAGIC);
        return new IdxImages(c.sizes[0], c.sizes[1], c.sizes[2], c.data);
    }

    /**
     * Reads a labels file (magic {@code 0x00000801}); each label is an unsigned byte, 0 to 255.
     *
     * @throws DataFileException if the file is missing, unreadable, not an IDX labels file or damaged
     */
    public static int[] readLabels(Path file) {
        Content c = read(file, LABELS_MAGIC);
        int[] labels = new int[c.data.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Byte.toUnsignedInt(c.data[i]);
        }
        return labels;
    }

    /** Whether {@code file} starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(Path file) {
        checkRegularFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] two = in.readNBytes(2);
            return two.length == 2 && (two[0] & 0xff) == 0x1f && (two[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    private record Content(int[] sizes, byte[] data) {
    }

    private static Content read(Path file, int expectedMagic) {
        boolean gzip = isGzip(file);
        String holds = gzip ? "the uncompressed data holds " : "the file holds ";
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
             InputStream in = gzip ? new GZIPInputStream(raw, BUFFER) : raw) {
            byte[] magicBytes = in.readNBytes(4);
            if (magicBytes.length < 4) {
                throw new DataFileException(file, magicBytes.length == 0 && !gzip ? "empty file, expected an IDX "
                        + kind(expectedMagic) + " file" : "too short for an IDX header: " + holds + magicBytes.length
                        + " bytes");
            }
            int magic = bigEndian(magicBytes, 0);
            checkMagic(file, magic, magicBytes, expectedMagic);

            int dims = magic & 0xff;
            int headerBytes = 4 + 4 * dims;
            byte[] sizeBytes = in.readNBytes(4 * dims);
            if (sizeBytes.length < 4 * dims) {
                throw new DataFileException(file, "truncated header: " + dims + " sizes need " + headerBytes
                        + " bytes but " + holds + (4 + sizeBytes.length) + " bytes");
            }
            int[] sizes = new int[dims];
            long length = 1;
            for (int d = 0; d < dims; d++) {
                sizes[d] = bigEndian(sizeBytes, 4 * d);
                if (sizes[d] < 1) {
                    throw new DataFileException(file, "header gives " + dimensionName(expectedMagic, d) + " "
                            + sizes[d] + ", expected at least 1");
                }
                length *= sizes[d];
                if (length > MAX_DATA) {
                    throw new DataFileException(file, "header says " + describe(expectedMagic, sizes, d + 1)
                            + ", more than the " + MAX_DATA + " bytes one array can hold");
                }
            }
            long expectedTotal = headerBytes + length;
            if (!MemoryBudget.fitsHeap(2 * length)) {   // reading in chunks and joining them holds the data twice
                throw new DataFileException(file, "header says " + describe(expectedMagic, sizes, dims) + ", " + MemoryBudget.size(length)
                        + " of data: too big for this JVM; " + MemoryBudget.heapAdvice(2 * length));
            }

            byte[] data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new DataFileException(file, "truncated: header says " + describe(expectedMagic, sizes, dims)
                        + " (" + expectedTotal + " bytes) but " + holds + (headerBytes + data.length) + " bytes");
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataFileException(file, extra + " unexpected bytes after the data: header says "
                        + describe(expectedMagic, sizes, dims) + " (" + expectedTotal + " bytes) but " + holds
                        + (expectedTotal + extra) + " bytes");
            }
            return new Content(sizes, data);
        } catch (ZipException | EOFException e) {
            throw new DataFileException(file, "corrupt gzip data (" + e.getMessage()
                    + "); download the file again", e);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    private static void checkMagic(Path file, int magic, byte[] magicBytes, int expected) {
        if (magic == expected) {
            return;
        }
        String want = kind(expected) + " (magic " + hex(expected) + ")";
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            throw new DataFileException(file, "this is an IDX " + kind(magic) + " file (magic " + hex(magic)
                    + "), expected " + want + "; are the images and labels files swapped?");
        }
        if ((magic >>> 16) != 0) {
            String text = printable(magicBytes) ? " (starts with text '" + new String(magicBytes,
                    StandardCharsets.US_ASCII) + "': an error page instead of the data?)" : "";
            throw new DataFileException(file, "not an IDX file: magic " + hex(magic) + text + ", expected " + want);
        }
        int type = (magic >> 8) & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(file, "IDX data type 0x" + String.format("%02X", type)
                    + " is not unsigned byte (0x08): magic " + hex(magic) + ", expected " + want);
        }
        throw new DataFileException(file, "IDX file with " + (magic & 0xff) + " dimensions (magic " + hex(magic)
                + "), expected " + want + " with " + (expected & 0xff));
    }

    private static void checkRegularFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory, expected an IDX file");
        }
        if (!Files.exists(file)) {
            throw new DataFileException(file, "not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "is not a regular file, expected an IDX file");
        }
    }

    private static DataFileException ioProblem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataFileException(file, "not found", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataFileException(file, "cannot be read: permission denied", e);
        }
        return new DataFileException(file, "cannot be read: " + e, e);
    }

    private static String describe(int magic, int[] sizes, int known) {
        if (magic == IMAGES_MAGIC) {
            return sizes[0] + " images" + (known >= 3 ? " of " + sizes[1] + "x" + sizes[2] : "");
        }
        return sizes[0] + " labels";
    }

    private static String dimensionName(int magic, int d) {
        if (magic == IMAGES_MAGIC) {
            return new String[] {"image count", "rows", "columns"}[d];
        }
        return "label count";
    }

    private static String kind(int magic) {
        return magic == IMAGES_MAGIC ? "images" : "labels";
    }

    private static int bigEndian(byte[] b, int at) {
        return ByteBuffer.wrap(b).getInt(at);
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static boolean printable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
