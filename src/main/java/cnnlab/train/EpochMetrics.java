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
 * @param validationAuc MedMNIST's AUC on the validation images (medical runs only; NaN otherwise)
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double imagesPerSecond, double seconds, double learningRate, double validationAuc) {

    /** The header of metrics.csv. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,val_accuracy,images_per_second,seconds,learning_rate";

    /** The header of metrics.csv of a medical run: one more column, the validation AUC. */
    public static final String CSV_HEADER_MEDICAL = CSV_HEADER + ",val_auc";

    /** The metrics of an epoch without a validation AUC. */
    public EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double imagesPerSecond,
                        double seconds, double learningRate) {
        this(epoch, trainLoss, validationLoss, validationAccuracy, imagesPerSecond, seconds, learningRate, Double.NaN);
    }

    /** One row of metrics.csv. */
    public String csvRow() {
        return epoch + "," + num(trainLoss) + "," + num(validationLoss) + "," + num(validationAccuracy) + ","
                + String.format(java.util.Locale.ROOT, "%.1f", imagesPerSecond) + ","
                + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "," + num(learningRate);
    }

    /** One row of a medical run's metrics.csv ({@link #CSV_HEADER_MEDICAL}). */
    public String csvRowMedical() {
        return csvRow() + "," + num(validationAuc);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
