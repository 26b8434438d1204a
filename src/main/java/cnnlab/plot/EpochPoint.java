package cnnlab.plot;

/**
 * The numbers of one training epoch, as plotted by {@link Plots#trainingCurves}.
 *
 * <p>The validation values are {@code NaN} when there was no validation set (or it was not
 * evaluated that epoch); the plots then skip them. A loss may be any double, including NaN or
 * infinity after a diverging run, and is skipped when it is not finite.
 *
 * @param epoch the epoch number, 0 or more (the caller chooses 0- or 1-based)
 * @param trainLoss the mean training loss over the epoch
 * @param validationLoss the loss on the validation set, or NaN
 * @param validationAccuracy the accuracy on the validation set as a fraction in {@code [0, 1]}
 *        (plotted as a percentage), or NaN
 */
public record EpochPoint(int epoch, double trainLoss, double validationLoss, double validationAccuracy) {

    /**
     * @throws IllegalArgumentException if {@code epoch} is negative or the accuracy is neither NaN
     *         nor a fraction in {@code [0, 1]} (a percentage such as 97.5 is rejected, not guessed)
     */
    public EpochPoint {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be 0 or more, got " + epoch);
        }
        if (!Double.isNaN(validationAccuracy) && !(validationAccuracy >= 0 && validationAccuracy <= 1)) {
            throw new IllegalArgumentException(
                    "validationAccuracy must be a fraction in [0, 1] or NaN, got " + validationAccuracy);
        }
    }

    /** An epoch without validation: both validation values are NaN. */
    public static EpochPoint withoutValidation(int epoch, double trainLoss) {
        return new EpochPoint(epoch, trainLoss, Double.NaN, Double.NaN);
    }

    /** Whether this epoch has a validation accuracy to plot. */
    public boolean hasValidationAccuracy() {
        return !Double.isNaN(validationAccuracy);
    }
}
