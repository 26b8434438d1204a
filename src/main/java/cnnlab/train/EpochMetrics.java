package cnnlab.train;

/**
 * What one epoch measured.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss mean minibatch loss during the epoch (cross-entropy plus any L2 penalty)
 * @param validationLoss mean cross-entropy on the validation images after the epoch (NaN without validation)
 * @param validationAccuracy share of validation images classified correctly, 0 to 1 (NaN without validation)
 * @param imagesPerSecond training throughput of the epoch
 * @param seconds wall time of the epoch's training (validation excluded)
 * @param learningRate the learning rate in force during the epoch
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double imagesPerSecond, double seconds, double learningRate) {

    /** The header of metrics.csv. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,val_accuracy,images_per_second,seconds,learning_rate";

    /** One row of metrics.csv. */
    public String csvRow() {
        return epoch + "," + num(trainLoss) + "," + num(validationLoss) + "," + num(validationAccuracy) + ","
                + String.format(java.util.Locale.ROOT, "%.1f", imagesPerSecond) + ","
                + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "," + num(learningRate);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
