package cnnlab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A set of labelled grey images, kept as the unsigned bytes they come in so that a dataset costs one
 * byte per pixel; {@link ImageBatches} turns them into normalised floats.
 *
 * <p>{@code pixels} holds {@code size() * rows * cols} bytes: image {@code i} is
 * {@code pixels[i*rows*cols .. (i+1)*rows*cols)}, row-major, read as unsigned (0..255).
 * {@code labels[i]} is image {@code i}'s class, in {@code [0, numClasses)}. A set may be empty (size
 * 0, empty arrays); that is how {@link Splits} returns a validation set of fraction 0.
 *
 * <p>The arrays are shared, not copied (a full MNIST training set is 47 MB): treat them as read-only.
 * {@link #equals} and {@link #hashCode} compare their contents.
 *
 * @param name what the set is, for messages and reports (e.g. {@code mnist-sample/train})
 * @param rows image height, at least 1
 * @param cols image width, at least 1
 * @param pixels the images' unsigned bytes, {@code size() * rows * cols} of them
 * @param labels one class per image
 * @param numClasses the number of classes, at least 1 and above every label
 */
public record ImageSet(String name, int rows, int cols, byte[] pixels, int[] labels, int numClasses) {

    /** Checks that the arrays agree with each other and the labels with {@code numClasses}. */
    public ImageSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": image size " + rows + "x" + cols + ", expected at least 1x1");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": " + numClasses + " classes, expected at least 1");
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " labels of " + rows + "x" + cols + " images, expected " + (long) labels.length * rows * cols);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    /**
     * A set whose number of classes is the largest label + 1.
     *
     * @throws IllegalArgumentException if {@code labels} is empty (the number of classes is unknown)
     */
    public ImageSet(String name, int rows, int cols, byte[] pixels, int[] labels) {
        this(name, rows, cols, pixels, labels, classesOf(name, labels));
    }

    /**
     * Reads an images file and its labels file (see {@link IdxReader}). The number of classes is the
     * largest label + 1.
     *
     * @throws DataFileException if either file is unusable or they hold different numbers of items
     */
    public static ImageSet load(Path images, Path labels, String name) {
        IdxReader.IdxImages im = IdxReader.readImages(images);
        int[] lab = IdxReader.readLabels(labels);
        if (im.count() != lab.length) {
            throw new DataFileException(images, "holds " + im.count() + " images but " + labels + " holds "
                    + lab.length + " labels; the two files must pair up one to one");
        }
        return new ImageSet(name, im.rows(), im.cols(), im.pixels(), lab);
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixels per image, {@code rows * cols}. */
    public int imageSize() {
        return rows * cols;
    }

    /** Image {@code i}'s pixel {@code (row, col)}, 0..255. */
    public int pixel(int i, int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return Byte.toUnsignedInt(pixels[Objects.checkIndex(i, size()) * imageSize() + row * cols + col]);
    }

    /**
     * The images at {@code indices}, in that order, with the same name, size and number of classes.
     * Indices may repeat (e.g. for a bootstrap sample).
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public ImageSet subset(int[] indices) {
        int n = imageSize();
        byte[] px = new byte[Math.multiplyExact(indices.length, n)];
        int[] lab = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(pixels, i * n, px, k * n, n);
            lab[k] = labels[i];
        }
        return new ImageSet(name, rows, cols, px, lab, numClasses);
    }

    /** The first {@code min(n, size())} images (for quick runs on part of a dataset). */
    public ImageSet first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("first(" + n + "): expected n >= 0");
        }
        int k = Math.min(n, size());
        if (k == size()) {
            return this;
        }
        return new ImageSet(name, rows, cols, Arrays.copyOf(pixels, k * imageSize()), Arrays.copyOf(labels, k),
                numClasses);
    }

    /** The same images under another name. */
    public ImageSet withName(String newName) {
        return new ImageSet(newName, rows, cols, pixels, labels, numClasses);
    }

    /** The same images with another number of classes (e.g. the larger of train's and test's). */
    public ImageSet withNumClasses(int classes) {
        return classes == numClasses ? this : new ImageSet(name, rows, cols, pixels, labels, classes);
    }

    /** How many images each class has: element {@code c} counts label {@code c}. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet s && name.equals(s.name) && rows == s.rows && cols == s.cols
                && numClasses == s.numClasses && Arrays.equals(labels, s.labels) && Arrays.equals(pixels, s.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, rows, cols, numClasses, Arrays.hashCode(labels), Arrays.hashCode(pixels));
    }

    /** For example {@code ImageSet[mnist-sample/train: 7996 images of 28x28, 10 classes]}. */
    @Override
    public String toString() {
        return "ImageSet[" + name + ": " + size() + " images of " + rows + "x" + cols + ", " + numClasses
                + " classes]";
    }

    private static int classesOf(String name, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException(name + ": no images, so the number of classes must be given");
        }
        return Arrays.stream(labels).max().getAsInt() + 1;
    }
}
