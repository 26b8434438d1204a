package cnnlab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A set of labelled images, grey or colour, kept as the unsigned bytes they come in so that a dataset
 * costs one byte per pixel and channel; {@link ImageBatches} turns them into normalised floats.
 *
 * <p><b>Pixels.</b> {@code pixels} holds {@code size() * channels * rows * cols} bytes, image after
 * image. Each image is stored channel by channel (planar, "CHW"): image {@code i}, channel {@code c},
 * pixel {@code (row, col)} is {@code pixels[((i*channels + c)*rows + row)*cols + col]}, read as unsigned
 * (0..255). This is the layout of DL4J's NCHW input, so a batch is a plain copy. Grey images have one
 * channel, and then the layout is the one MNIST's IDX files use. (MedMNIST's colour images come
 * interleaved, {@code (N, H, W, 3)}; {@link MedMnistReader} reorders them once, on reading.)
 *
 * <p><b>Labels.</b> A single-label set (MNIST, and every MedMNIST set but ChestMNIST) has one class
 * per image: {@code labels[i]} in {@code [0, numClasses)}. A multi-label set ({@link #multiLabel()},
 * ChestMNIST's 14 findings) has a row of {@code numClasses} 0/1 flags per image:
 * {@code labels[i*numClasses + k]} is 1 when image {@code i} has label {@code k}.
 *
 * <p>A set may be empty (size 0, empty arrays); that is how {@link Splits} returns a validation set
 * of fraction 0. The arrays are shared, not copied (a full MNIST training set is 47 MB): treat them
 * as read-only. {@link #equals} and {@link #hashCode} compare their contents.
 *
 * @param name what the set is, for messages and reports (e.g. {@code mnist-sample/train})
 * @param channels colour channels per image, at least 1 (1 grey, 3 RGB)
 * @param rows image height, at least 1
 * @param cols image width, at least 1
 * @param pixels the images' unsigned bytes, {@code size() * channels * rows * cols} of them
 * @param labels one class per image, or (multi-label) {@code numClasses} flags per image
 * @param numClasses the number of classes (multi-label: of labels), at least 1 and above every class
 * @param multiLabel whether each image has a row of 0/1 flags instead of one class
 */
public record ImageSet(String name, int channels, int rows, int cols, byte[] pixels, int[] labels, int numClasses,
                       boolean multiLabel) {

    /** Checks that the arrays agree with each other and the labels with {@code numClasses}. */
    public ImageSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": image size " + rows + "x" + cols + ", expected at least 1x1");
        }
        if (channels < 1) {
            throw new IllegalArgumentException(name + ": " + channels + " channels, expected at least 1");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": " + numClasses + " classes, expected at least 1");
        }
        if (multiLabel && labels.length % numClasses != 0) {
            throw new IllegalArgumentException(name + ": " + labels.length + " label flags, not a whole number of rows of "
                    + numClasses);
        }
        long images = multiLabel ? labels.length / numClasses : labels.length;
        long perImage = (long) channels * rows * cols;
        if (images * perImage != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + images
                    + (multiLabel ? " label rows" : " labels") + " of " + shape(channels, rows, cols) + " images, expected "
                    + images * perImage);
        }
        for (int i = 0; i < labels.length; i++) {
            if (multiLabel) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException(name + ": label " + (i % numClasses) + " of image " + (i / numClasses)
                            + " is " + labels[i] + ", expected 0 or 1");
                }
            } else if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    /** A grey, single-label set: one channel, one class per image. */
    public ImageSet(String name, int rows, int cols, byte[] pixels, int[] labels, int numClasses) {
        this(name, 1, rows, cols, pixels, labels, numClasses, false);
    }

    /**
     * A grey, single-label set whose number of classes is the largest label + 1.
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
        return multiLabel ? labels.length / numClasses : labels.length;
    }

    /** Bytes per image, {@code channels * rows * cols} ({@code rows * cols} for grey images). */
    public int imageSize() {
        return channels * rows * cols;
    }

    /** Image {@code i}'s pixel {@code (row, col)} of the first (for grey images the only) channel, 0..255. */
    public int pixel(int i, int row, int col) {
        return pixel(i, 0, row, col);
    }

    /** Image {@code i}'s pixel {@code (row, col)} of channel {@code channel}, 0..255. */
    public int pixel(int i, int channel, int row, int col) {
        Objects.checkIndex(channel, channels);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return Byte.toUnsignedInt(pixels[Objects.checkIndex(i, size()) * imageSize() + (channel * rows + row) * cols + col]);
    }

    /**
     * Image {@code i}'s class.
     *
     * @throws IllegalStateException for a multi-label set (use {@link #hasLabel})
     */
    public int label(int i) {
        if (multiLabel) {
            throw new IllegalStateException(name + " is multi-label: an image has a row of labels, not one class");
        }
        return labels[Objects.checkIndex(i, size())];
    }

    /** Whether image {@code i} belongs to class (multi-label: has label) {@code k}. */
    public boolean hasLabel(int i, int k) {
        Objects.checkIndex(k, numClasses);
        return multiLabel ? labels[Objects.checkIndex(i, size()) * numClasses + k] == 1 : labels[Objects.checkIndex(i, size())] == k;
    }

    /**
     * The images at {@code indices}, in that order, with the same name, shape and classes. Indices may
     * repeat (e.g. for a bootstrap sample).
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public ImageSet subset(int[] indices) {
        int n = imageSize();
        int w = labelWidth();
        byte[] px = new byte[Math.multiplyExact(indices.length, n)];
        int[] lab = new int[Math.multiplyExact(indices.length, w)];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(pixels, i * n, px, k * n, n);
            System.arraycopy(labels, i * w, lab, k * w, w);
        }
        return new ImageSet(name, channels, rows, cols, px, lab, numClasses, multiLabel);
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
        return new ImageSet(name, channels, rows, cols, Arrays.copyOf(pixels, k * imageSize()),
                Arrays.copyOf(labels, k * labelWidth()), numClasses, multiLabel);
    }

    /** The same images under another name. */
    public ImageSet withName(String newName) {
        return new ImageSet(newName, channels, rows, cols, pixels, labels, numClasses, multiLabel);
    }

    /**
     * The same images with another number of classes (e.g. the larger of train's and test's).
     *
     * @throws IllegalArgumentException for a multi-label set, whose label rows fix the number
     */
    public ImageSet withNumClasses(int classes) {
        if (classes == numClasses) {
            return this;
        }
        if (multiLabel) {
            throw new IllegalArgumentException(name + ": a multi-label set has " + numClasses + " labels per image, not " + classes);
        }
        return new ImageSet(name, channels, rows, cols, pixels, labels, classes, false);
    }

    /**
     * How many images each class has: element {@code c} counts the images of class {@code c}
     * (multi-label: the images that have label {@code c}).
     */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        if (multiLabel) {
            for (int i = 0; i < labels.length; i++) {
                counts[i % numClasses] += labels[i];
            }
        } else {
            for (int label : labels) {
                counts[label]++;
            }
        }
        return counts;
    }

    /** Same channels, height, width, number of classes and kind of labels as {@code other}. */
    public boolean sameShape(ImageSet other) {
        return channels == other.channels && rows == other.rows && cols == other.cols && numClasses == other.numClasses
                && multiLabel == other.multiLabel;
    }

    /** The image shape as text: {@code 28x28} for grey images, {@code 3x28x28} (channels first) otherwise. */
    public String shape() {
        return shape(channels, rows, cols);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet s && name.equals(s.name) && channels == s.channels && rows == s.rows && cols == s.cols
                && numClasses == s.numClasses && multiLabel == s.multiLabel && Arrays.equals(labels, s.labels)
                && Arrays.equals(pixels, s.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, channels, rows, cols, numClasses, multiLabel, Arrays.hashCode(labels), Arrays.hashCode(pixels));
    }

    /**
     * For example {@code ImageSet[mnist-sample/train: 7996 images of 28x28, 10 classes]}, or
     * {@code ImageSet[bloodmnist/train: 11959 images of 3x28x28, 8 classes]}, or
     * {@code ImageSet[chestmnist/train: 78468 images of 28x28, 14 labels (multi-label)]}.
     */
    @Override
    public String toString() {
        return "ImageSet[" + name + ": " + size() + " images of " + shape() + ", " + numClasses
                + (multiLabel ? " labels (multi-label)" : " classes") + "]";
    }

    private int labelWidth() {
        return multiLabel ? numClasses : 1;
    }

    private static String shape(int channels, int rows, int cols) {
        return (channels == 1 ? "" : channels + "x") + rows + "x" + cols;
    }

    private static int classesOf(String name, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException(name + ": no images, so the number of classes must be given");
        }
        return Arrays.stream(labels).max().getAsInt() + 1;
    }
}
