package cnnlab.train;

import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.data.ImageSet;
import cnnlab.data.Normaliser;

/**
 * The minibatches DL4J trains and evaluates on: an {@link ImageSet} as {@link DataSet}s of features
 * {@code [b, channels, rows, cols]} ({@code FLOAT}, NCHW: one channel for grey images, three for
 * colour) and labels {@code [b, numClasses]}: one-hot for a single-label set, the 0/1 label rows
 * for a multi-label set.
 *
 * <p><b>Epochs and order.</b> A new iterator is at epoch 0. Each {@link #reset()} starts the next
 * epoch (epoch + 1) from its first batch; {@link #setEpoch} jumps to any epoch. With shuffling, epoch
 * {@code e} visits the images in the order of {@link #permutation(int) permutation(e)}:
 * {@link Collections#shuffle(List, Random)} of {@code 0..size-1} with {@code new Random(seed + e)}.
 * The order is thus fixed by the seed and the epoch alone (not by ND4J's random generator or by how
 * many epochs this object has run), which is what makes a run reproducible and resumable. Without
 * shuffling every epoch is in file order. DL4J's {@code fit(iterator)} resets an iterator only when
 * it is exhausted, so successive {@code fit} calls run epochs 0, 1, 2, ...; code that calls
 * {@code reset()} <em>before</em> each epoch instead starts at epoch 1 (equally reproducible).
 *
 * <p><b>Resuming.</b> A run saved after {@code k} batches of epoch {@code e} continues exactly with
 * {@code setEpoch(e); skipBatches(k)}: the next batch is the one it would have got.
 *
 * <p><b>Batches.</b> Every batch has {@link #batch()} images except the last of an epoch, which has
 * the remainder ({@code size % batch}); it is kept, not dropped. Each batch's pixels are normalised
 * as it is made, through a 256-entry table: the images stay bytes (47 MB for MNIST's 60,000
 * training images, 212 MB for PathMNIST's 89,996 colour ones; floats for all would take four times
 * as much), and a batch costs one table look-up per pixel. A {@link DataSetPreProcessor}, if set,
 * is applied to each batch after that.
 *
 * <p>Not thread-safe; {@link #prefetching} prepares batches on a background thread.
 */
public final class ImageBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int size;
    private final int channels;
    private final int rows;
    private final int cols;
    private final int numClasses;
    private final boolean multiLabel;
    private final int batchSize;
    private final byte[] pixels;
    private final float[] table;
    private final int[] labels;
    private final Normaliser normaliser;
    private final boolean shuffle;
    private final long seed;

    private int epoch;
    private int[] order;
    private int position;
    private DataSetPreProcessor preProcessor;

    /**
     * @param set the images
     * @param batchSize images per batch, at least 1
     * @param normaliser how pixels become floats (fit it on the training set)
     * @param shuffle whether each epoch visits the images in a new seeded order
     * @param seed the shuffle's seed (unused without shuffling)
     */
    public ImageBatches(ImageSet set, int batchSize, Normaliser normaliser, boolean shuffle, long seed) {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(normaliser, "normaliser");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ", expected at least 1");
        }
        this.name = set.name();
        this.size = set.size();
        this.channels = set.channels();
        this.rows = set.rows();
        this.cols = set.cols();
        this.numClasses = set.numClasses();
        this.multiLabel = set.multiLabel();
        this.batchSize = batchSize;
        this.labels = set.labels().clone();
        this.normaliser = normaliser;
        this.shuffle = shuffle;
        this.seed = seed;
        this.table = normaliser.table();
        this.pixels = set.pixels();
        setEpoch(0);
    }

    /** Training batches: shuffled anew each epoch from {@code seed}. */
    public static ImageBatches shuffled(ImageSet set, int batchSize, Normaliser normaliser, long seed) {
        return new ImageBatches(set, batchSize, normaliser, true, seed);
    }

    /** Evaluation batches: every epoch in the set's own order. */
    public static ImageBatches inOrder(ImageSet set, int batchSize, Normaliser normaliser) {
        return new ImageBatches(set, batchSize, normaliser, false, 0);
    }

    /**
     * {@code batches} wrapped in DL4J's {@link AsyncDataSetIterator}, which prepares up to
     * {@code queueSize} batches ahead on a daemon thread while the network trains on the current one.
     *
     * <p>The wrapper starts reading as soon as it is created, so call {@link #setEpoch} and
     * {@link #skipBatches} on {@code batches} before wrapping it (DL4J resets an exhausted iterator
     * first, which moves it to the next epoch); its {@code reset()} resets {@code batches} (next
     * epoch). It is created without DL4J's workspace so that each batch stays
     * valid for as long as it is referenced (batches are small; the workspace would save little).
     * Call {@code shutdown()} on it when done. DL4J's {@code fit} and {@code evaluate} already wrap
     * an {@code ImageBatches} like this (queue of 2) by themselves, since {@link #asyncSupported()} is
     * true; this is for hand-written loops and deeper queues.
     *
     * @param queueSize batches prepared ahead, at least 1 (DL4J uses at least 2)
     */
    public static AsyncDataSetIterator prefetching(ImageBatches batches, int queueSize) {
        Objects.requireNonNull(batches, "batches");
        if (queueSize < 1) {
            throw new IllegalArgumentException("queue size " + queueSize + ", expected at least 1");
        }
        return new AsyncDataSetIterator(batches, Math.max(2, queueSize), false);
    }

    /** The number of images per epoch. */
    public int size() {
        return size;
    }

    /** The current epoch, from 0. */
    public int epoch() {
        return epoch;
    }

    /** Batches per epoch, the last one possibly partial: {@code ceil(size / batch)}. */
    public int batchesPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    /**
     * Batches of the current epoch already served or skipped, counting a partial one as one (what to
     * store with a checkpoint for {@link #skipBatches}).
     */
    public int batchesDone() {
        return (position + batchSize - 1) / batchSize;
    }

    /**
     * Goes to the start of epoch {@code epoch}, with its order.
     *
     * @throws IllegalArgumentException if {@code epoch < 0}
     */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + ", expected at least 0");
        }
        this.epoch = epoch;
        this.order = permutation(epoch);
        this.position = 0;
    }

    /**
     * Skips the next {@code n} batches of the current epoch, as if they had been served (with the
     * batch size of {@link #next()}); skipping past the end leaves the epoch exhausted.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public void skipBatches(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot skip " + n + " batches");
        }
        position = (int) Math.min(size, position + (long) n * batchSize);
    }

    /**
     * The order in which epoch {@code epoch} visits the images: with shuffling,
     * {@link Collections#shuffle(List, Random)} of {@code 0..size-1} with {@code new Random(seed + epoch)};
     * without, {@code 0..size-1}.
     */
    public int[] permutation(int epoch) {
        if (!shuffle) {
            return IntStream.range(0, size).toArray();
        }
        List<Integer> list = IntStream.range(0, size).boxed().collect(Collectors.toList());
        Collections.shuffle(list, new Random(seed + epoch));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean hasNext() {
        return position < size;
    }

    /** The next batch of {@link #batch()} images (fewer at the end of the epoch). */
    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /** The next {@code num} images of the epoch as one batch (fewer at the end of the epoch). */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("batch of " + num + " images, expected at least 1");
        }
        if (!hasNext()) {
            throw new NoSuchElementException(name + ": epoch " + epoch + " has no more batches; reset() starts the next");
        }
        int b = Math.min(num, size - position);
        int perImage = channels * rows * cols;
        float[] x = new float[b * perImage];
        float[] y = new float[b * numClasses];
        for (int k = 0; k < b; k++) {
            int i = order[position + k];
            int from = i * perImage;
            int to = k * perImage;
            for (int p = 0; p < perImage; p++) {
                x[to + p] = table[pixels[from + p] & 0xff];
            }
            if (multiLabel) {
                for (int c = 0; c < numClasses; c++) {
                    y[k * numClasses + c] = labels[i * numClasses + c];
                }
            } else {
                y[k * numClasses + labels[i]] = 1f;
            }
        }
        position += b;
        DataSet ds = new DataSet(Nd4j.create(x, new long[] {b, channels, rows, cols}, DataType.FLOAT),
                Nd4j.create(y, new long[] {b, numClasses}, DataType.FLOAT));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** {@code channels * rows * cols}. */
    @Override
    public int inputColumns() {
        return channels * rows * cols;
    }

    /** Whether the labels are 0/1 rows (multi-label) rather than one-hot. */
    public boolean multiLabel() {
        return multiLabel;
    }

    /** The number of classes (the width of the label rows). */
    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    /** True: {@link #reset()} starts the next epoch. */
    @Override
    public boolean resetSupported() {
        return true;
    }

    /** True: every batch is a fresh array, so batches may be prepared ahead on another thread. */
    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (epoch + 1) from its first batch. */
    @Override
    public void reset() {
        setEpoch(epoch + 1);
    }

    /** The nominal batch size. */
    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The class names {@code "0"}, {@code "1"}, ... up to {@code numClasses - 1}. */
    @Override
    public List<String> getLabels() {
        return IntStream.range(0, numClasses).mapToObj(Integer::toString).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "ImageBatches[" + name + ": " + size + " images, batch " + batchSize + ", " + normaliser.describe()
                + (shuffle ? ", shuffled with seed " + seed : ", in order") + ", epoch " + epoch + ", at image "
                + position + "]";
    }
}
