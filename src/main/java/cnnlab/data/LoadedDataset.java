package cnnlab.data;

import java.util.Objects;

/**
 * A dataset's training and test sets, read by {@link DatasetFiles#load()}: same image size, same
 * number of classes, so a network built for one fits the other.
 *
 * @param name the dataset's name
 * @param train the training set (split it with {@link Splits} for validation)
 * @param test the test set, for the final evaluation only
 */
public record LoadedDataset(String name, ImageSet train, ImageSet test) {

    /** Requires both sets to have the same image size and number of classes. */
    public LoadedDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.rows() != test.rows() || train.cols() != test.cols() || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException(name + ": train is " + train + " but test is " + test);
        }
    }

    /** Image height. */
    public int rows() {
        return train.rows();
    }

    /** Image width. */
    public int cols() {
        return train.cols();
    }

    /** Number of classes. */
    public int numClasses() {
        return train.numClasses();
    }
}
