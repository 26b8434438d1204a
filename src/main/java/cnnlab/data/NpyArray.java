package cnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cnnlab.io.MemoryBudget;

/**
 * One array from a NumPy {@code .npy} stream (an entry of an {@code .npz} archive): its data type,
 * shape and raw bytes, read in plain Java.
 *
 * <p>The format (NumPy's {@code numpy.lib.format}, "NEP 1"): the magic bytes {@code \x93NUMPY}, a
 * major and a minor version byte, the length of the header (2 bytes little-endian in version 1, 4
 * bytes in versions 2 and 3), then the header: a Python dict literal such as
 * {@code {'descr': '|u1', 'fortran_order': False, 'shape': (4708, 28, 28), }} padded with spaces and
 * a newline; then the data, {@code shape} elements of {@code descr}, in C (row-major) order unless
 * {@code fortran_order} is {@code True}.
 *
 * <p>{@code descr} is a byte order ({@code <} little, {@code >} big, {@code |} not applicable,
 * {@code =} native), a kind ({@code u} unsigned, {@code i} signed integer, {@code b} boolean,
 * {@code f} float, ...) and the size of one element in bytes: MedMNIST's images are {@code |u1}
 * (uint8). Only plain arrays are read; structured dtypes and Python objects are refused.
 *
 * <p>Problems are {@link IllegalArgumentException}s with a message for the user, which
 * {@link MedMnistReader} turns into one-line {@link DataFileException}s naming the file and the entry.
 *
 * @param descr the dtype, e.g. {@code |u1} or {@code <i8}
 * @param fortranOrder whether the data is stored column-major
 * @param shape the dimensions
 * @param data the raw element bytes, exactly {@code elements() * itemSize()}
 */
public record NpyArray(String descr, boolean fortranOrder, long[] shape, byte[] data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern PLAIN_DTYPE = Pattern.compile("[<>|=]([a-zA-Z])(\\d+)");
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_DATA = Integer.MAX_VALUE - 8;

    /**
     * Reads one array: header and data. The stream must end after the data.
     *
     * @throws IllegalArgumentException if it is not a {@code .npy} array, or is truncated or too long
     * @throws IOException if reading fails
     */
    public static NpyArray read(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(magic.length < MAGIC.length ? "too short for a .npy header ("
                    + magic.length + " bytes)" : "not a .npy array (it does not start with \\x93NUMPY)");
        }
        byte[] version = in.readNBytes(2);
        if (version.length < 2) {
            throw new IllegalArgumentException("truncated .npy header");
        }
        int major = version[0];
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new IllegalArgumentException(".npy format version " + major + "." + version[1]
                    + ", expected 1.0, 2.0 or 3.0");
        };
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new IllegalArgumentException("truncated .npy header");
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (len[i] & 0xff);
        }
        if (headerLength > 1 << 20) {
            throw new IllegalArgumentException(".npy header of " + headerLength + " bytes; not a plain array");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new IllegalArgumentException("truncated .npy header: " + headerBytes.length + " of " + headerLength + " bytes");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IllegalArgumentException("a .npy header without a plain 'descr', 'fortran_order' and 'shape' ("
                    + header.strip() + "); structured arrays are not supported");
        }
        String descr = d.group(1);
        if (!PLAIN_DTYPE.matcher(descr).matches()) {
            throw new IllegalArgumentException("dtype '" + descr + "' is not a plain number type");
        }
        long[] shape = parseShape(s.group(1));
        long elements = 1;
        for (long n : shape) {
            elements = Math.multiplyExact(elements, n);
        }
        long size = Math.multiplyExact(elements, itemSize(descr));
        if (size > MAX_DATA) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " of " + descr + " is " + size
                    + " bytes, more than one Java array can hold");
        }
        if (!MemoryBudget.fitsHeap(2 * size)) {   // reading in chunks and joining them holds the data twice
            throw new IllegalArgumentException("shape " + shapeText(shape) + " of " + typeName(descr) + " is " + MemoryBudget.size(size)
                    + ": too big for this JVM; " + MemoryBudget.heapAdvice(2 * size));
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new IllegalArgumentException("truncated: the header says " + shapeText(shape) + " " + typeName(descr)
                    + " (" + size + " bytes of data) but the data holds " + data.length + " bytes");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new IllegalArgumentException(extra + " unexpected bytes after the data of " + shapeText(shape) + " "
                    + typeName(descr));
        }
        return new NpyArray(descr, "True".equals(f.group(1)), shape, data);
    }

    /** The number of elements: the product of the shape (1 for a 0-d array). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Bytes per element, from {@code descr}. */
    public int itemSize() {
        return itemSize(descr);
    }

    /** The kind letter of the dtype: {@code u}, {@code i}, {@code b}, {@code f}, ... */
    public char kind() {
        return descr.charAt(1);
    }

    /** Whether the elements are integers (signed or unsigned) or booleans. */
    public boolean isInteger() {
        return kind() == 'u' || kind() == 'i' || kind() == 'b';
    }

    /** Whether the elements are unsigned bytes, {@code uint8}. */
    public boolean isUint8() {
        return kind() == 'u' && itemSize() == 1;
    }

    /**
     * Element {@code index} (in storage order) of an integer or boolean array, as a {@code long}; an
     * unsigned 64-bit value above {@code Long.MAX_VALUE} comes back negative.
     *
     * @throws IllegalStateException if the array does not hold integers
     */
    public long integer(long index) {
        if (!isInteger()) {
            throw new IllegalStateException("dtype " + descr + " does not hold integers");
        }
        int size = itemSize();
        int at = Math.toIntExact(index * size);
        boolean big = descr.charAt(0) == '>' || (descr.charAt(0) == '=' && java.nio.ByteOrder.nativeOrder()
                == java.nio.ByteOrder.BIG_ENDIAN);
        long v = 0;
        for (int k = 0; k < size; k++) {
            int b = data[at + (big ? k : size - 1 - k)] & 0xff;
            v = (v << 8) | b;
        }
        if (kind() == 'i' && size < 8) {
            long sign = 1L << (8 * size - 1);
            v = (v ^ sign) - sign;
        }
        return v;
    }

    /** The shape as NumPy prints it: {@code (4708, 28, 28)}, {@code (624,)} or {@code ()}. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** The dtype as NumPy names it ({@code uint8}, {@code int64}, {@code float32}, ...) with its code. */
    public String typeName() {
        return typeName(descr);
    }

    /** The shape as NumPy prints it. */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** For example {@code uint8 (|u1)}, {@code float64 (<f8)}. */
    static String typeName(String descr) {
        java.util.regex.Matcher m = PLAIN_DTYPE.matcher(descr);
        if (!m.matches()) {
            return descr;
        }
        int bits = 8 * Integer.parseInt(m.group(2));
        String name = switch (m.group(1)) {
            case "u" -> "uint" + bits;
            case "i" -> "int" + bits;
            case "f" -> "float" + bits;
            case "b" -> "bool";
            case "c" -> "complex" + bits;
            default -> null;
        };
        return name == null ? descr : name + " (" + descr + ")";
    }

    private static int itemSize(String descr) {
        Matcher m = PLAIN_DTYPE.matcher(descr);
        if (!m.matches()) {
            throw new IllegalArgumentException("dtype '" + descr + "' is not a plain number type");
        }
        return Integer.parseInt(m.group(2));
    }

    private static long[] parseShape(String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {   // Python 2's long literals
                p = p.substring(0, p.length() - 1);
            }
            try {
                long n = Long.parseLong(p);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                dims.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape (" + text + ") is not a tuple of sizes");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && descr.equals(a.descr) && fortranOrder == a.fortranOrder
                && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * descr.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[" + typeName() + " " + shapeText() + (fortranOrder ? ", Fortran order" : "") + "]";
    }
}
