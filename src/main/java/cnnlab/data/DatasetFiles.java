package cnnlab.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a dataset's four IDX files are, as found by {@link DatasetCatalog}: training and test images
 * and labels under the official MNIST names, each gzipped or not. Loading is separate so that a
 * command can report which files it will use before spending time reading them.
 *
 * <p>IDX datasets have no validation split of their own (a run splits one off the training images)
 * and no class names; their classes are called {@code "0"} to {@code "9"}.
 *
 * @param name the dataset's name as given (e.g. {@code mnist-sample} or a directory)
 * @param trainImages {@code train-images-idx3-ubyte[.gz]}
 * @param trainLabels {@code train-labels-idx1-ubyte[.gz]}
 * @param testImages {@code t10k-images-idx3-ubyte[.gz]}
 * @param testLabels {@code t10k-labels-idx1-ubyte[.gz]}
 */
public record DatasetFiles(String name, Path trainImages, Path trainLabels, Path testImages, Path testLabels)
        implements DatasetSource {

    /** Requires every component. */
    public DatasetFiles {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
    }

    /** The training images file. */
    @Override
    public Path file() {
        return trainImages;
    }

    /** Reads the training set, named {@code <name>/train}. */
    public ImageSet loadTrain() {
        return ImageSet.load(trainImages, trainLabels, name + "/train");
    }

    /** Reads the test set, named {@code <name>/test}. */
    public ImageSet loadTest() {
        return ImageSet.load(testImages, testLabels, name + "/test");
    }

    /**
     * Reads both sets and makes them agree: the same image size (checked) and the same number of
     * classes (the larger of the two, so that a test set that happens to lack the last class still
     * gets the same one-hot width as the training set).
     *
     * @throws DataFileException if a file is unusable or the test images differ in size from the training images
     */
    @Override
    public LoadedDataset load() {
        ImageSet train = loadTrain();
        ImageSet test = loadTest();
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new DataFileException(testImages, "images are " + test.rows() + "x" + test.cols() + " but the "
                    + "training images " + trainImages + " are " + train.rows() + "x" + train.cols());
        }
        int classes = Math.max(train.numClasses(), test.numClasses());
        return new LoadedDataset(name, train.withNumClasses(classes), test.withNumClasses(classes));
    }
}
