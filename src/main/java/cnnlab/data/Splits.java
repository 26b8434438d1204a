package cnnlab.data;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Splits a validation set off a training set, so that model choices (epochs, learning rate) are
 * made without looking at the test set.
 *
 * <p>The split is a seeded shuffle, then a cut: the same seed gives the same split on every machine
 * and Java version ({@link Collections#shuffle(List, Random)} with {@code new Random(seed)}, both
 * specified exactly by the JDK). It is not stratified; on MNIST-sized sets the class proportions of
 * a random 10% differ from the whole by well under one percentage point.
 */
public final class Splits {

    /** The largest validation fraction accepted. */
    public static final double MAX_VALIDATION_FRACTION = 0.5;

    private Splits() {
    }

    /**
     * Splits {@code train} into {@code {train', validation}}: {@code round(fraction * size)} images,
     * chosen by a shuffle seeded with {@code seed}, go to validation and the rest to train'. Both
     * keep the images in their original relative order (the batches are shuffled later anyway), the
     * image size and the number of classes. They are disjoint and together hold every image once.
     *
     * <p>A fraction of 0 gives train' equal to {@code train} and an <em>empty</em> validation set
     * (size 0, not {@code null}), named {@code <name>/validation} like any other.
     *
     * @param validationFraction in {@code [0, 0.5]}
     * @throws IllegalArgumentException if the fraction is outside {@code [0, 0.5]} or not a number
     */
    public static ImageSet[] trainValidation(ImageSet train, double validationFraction, long seed) {
        int[][] parts = indices(train.size(), validationFraction, seed);
        ImageSet trainPart = parts[1].length == 0 ? train : train.subset(parts[0]);
        return new ImageSet[] {trainPart, train.subset(parts[1]).withName(train.name() + "/validation")};
    }

    /**
     * The indices that {@link #trainValidation} sends to validation for a set of {@code size} images,
     * ascending (for reports, or to split something kept alongside the images the same way).
     */
    public static int[] validationIndices(int size, double validationFraction, long seed) {
        return indices(size, validationFraction, seed)[1];
    }

    /** {@code {train' indices, validation indices}}, each ascending. */
    private static int[][] indices(int size, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " is outside [0, "
                    + MAX_VALIDATION_FRACTION + "]");
        }
        int nValidation = (int) Math.round(validationFraction * size);
        List<Integer> order = IntStream.range(0, size).boxed().collect(Collectors.toList());
        Collections.shuffle(order, new Random(seed));
        int[] validation = order.subList(0, nValidation).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] rest = order.subList(nValidation, size).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {rest, validation};
    }
}
