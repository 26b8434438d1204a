package cnnlab.data;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A dataset's training and test sets, and its own validation set where it has one (MedMNIST does,
 * MNIST does not), read by {@link DatasetSource#load()}: all of the same image shape, number of
 * classes and kind of labels, so a network built for one fits the others.
 *
 * @param name the dataset's name
 * @param train the training set (without a validation set of its own, split it with {@link Splits})
 * @param validation the dataset's own validation set, or {@code null} when it has none
 * @param test the test set, for the final evaluation only
 * @param task what the labels mean (single-label sets of IDX files are {@link Task#MULTI_CLASS})
 * @param classNames one name per class (or label), by index
 */
public record LoadedDataset(String name, ImageSet train, ImageSet validation, ImageSet test, Task task,
                            List<String> classNames) {

    /** Requires the sets to agree in shape, classes and kind of labels, and one name per class. */
    public LoadedDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(task, "task");
        classNames = List.copyOf(classNames);
        if (!train.sameShape(test) || (validation != null && !train.sameShape(validation))) {
            throw new IllegalArgumentException(name + ": train is " + train + " but " + (train.sameShape(test) ? "validation is "
                    + validation : "test is " + test));
        }
        if (classNames.size() != train.numClasses()) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names for " + train.numClasses()
                    + " classes");
        }
        if (task.multiLabel() != train.multiLabel()) {
            throw new IllegalArgumentException(name + ": task " + task.medMnistName() + " but train is " + train);
        }
    }

    /** Training and test sets of IDX files: no validation set of their own, classes named "0", "1", ... */
    public LoadedDataset(String name, ImageSet train, ImageSet test) {
        this(name, train, null, test, Task.MULTI_CLASS, numbered(train.numClasses()));
    }

    /** Image height. */
    public int rows() {
        return train.rows();
    }

    /** Image width. */
    public int cols() {
        return train.cols();
    }

    /** Colour channels: 1 grey, 3 RGB. */
    public int channels() {
        return train.channels();
    }

    /** Number of classes (multi-label: of labels). */
    public int numClasses() {
        return train.numClasses();
    }

    /** The names {@code "0"}, {@code "1"}, ... for {@code n} classes. */
    public static List<String> numbered(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.toList());
    }
}
