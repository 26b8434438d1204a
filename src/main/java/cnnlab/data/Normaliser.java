package cnnlab.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * A {@link Normalisation} with its statistics, ready to map pixel bytes to floats.
 *
 * <p>For {@link Normalisation#STANDARDIZE}, {@code mean} and {@code std} are of the scaled pixels
 * {@code x / 255}, over every pixel of every training image (one pair for the whole image, not one
 * per pixel position, as is usual for MNIST). They come from the training set only, so no
 * information from validation or test images leaks into training; save them with a model and apply
 * the same values at test time. For {@link Normalisation#NONE} and {@link Normalisation#SCALE} they
 * are not used and must be 0 and 1.
 *
 * @param kind the normalisation
 * @param mean the mean of {@code x / 255} over the training pixels (STANDARDIZE), else 0
 * @param std the population standard deviation of {@code x / 255} (STANDARDIZE), else 1; positive
 */
public record Normaliser(Normalisation kind, double mean, double std) implements Serializable {

    /** Checks that the statistics are usable and unused ones are 0 and 1. */
    public Normaliser {
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std <= 0) {
            throw new IllegalArgumentException(kind + ": mean " + mean + " and std " + std
                    + ", expected finite values and std > 0");
        }
        if (kind != Normalisation.STANDARDIZE && (mean != 0 || std != 1)) {
            throw new IllegalArgumentException(kind + " uses no statistics: expected mean 0 and std 1, got mean "
                    + mean + " and std " + std);
        }
    }

    /** Raw 0..255. */
    public static Normaliser none() {
        return new Normaliser(Normalisation.NONE, 0, 1);
    }

    /** {@code x / 255}. */
    public static Normaliser scale() {
        return new Normaliser(Normalisation.SCALE, 0, 1);
    }

    /**
     * A normaliser of the given kind, with statistics from {@code train}'s pixels when the kind needs
     * them.
     *
     * @throws IllegalArgumentException for STANDARDIZE on an empty set or one whose pixels are all equal
     */
    public static Normaliser fit(Normalisation kind, ImageSet train) {
        Objects.requireNonNull(kind, "kind");
        if (kind != Normalisation.STANDARDIZE) {
            return new Normaliser(kind, 0, 1);
        }
        byte[] pixels = train.pixels();
        if (pixels.length == 0) {
            throw new IllegalArgumentException(train.name() + ": no pixels to compute a mean and std from");
        }
        // A histogram keeps the sums exact (integers) and is faster than summing squares per pixel.
        long[] counts = new long[256];
        for (byte b : pixels) {
            counts[b & 0xff]++;
        }
        long sum = 0;
        double sumSquares = 0;
        for (int v = 0; v < 256; v++) {
            sum += counts[v] * v;
            sumSquares += (double) counts[v] * v * v;
        }
        double n = pixels.length;
        double meanByte = sum / n;
        double varianceByte = Math.max(0, sumSquares / n - meanByte * meanByte);
        if (varianceByte == 0) {
            throw new IllegalArgumentException(train.name() + ": every pixel is " + (int) meanByte
                    + ", so there is no spread to standardize by");
        }
        return new Normaliser(kind, meanByte / 255.0, Math.sqrt(varianceByte) / 255.0);
    }

    /**
     * The float for pixel value {@code unsignedByte}.
     *
     * @throws IllegalArgumentException if it is outside 0..255
     */
    public float apply(int unsignedByte) {
        if (unsignedByte < 0 || unsignedByte > 255) {
            throw new IllegalArgumentException("pixel value " + unsignedByte + " is outside 0..255");
        }
        switch (kind) {
            case NONE:
                return unsignedByte;
            case SCALE:
                return (float) (unsignedByte / 255.0);
            case STANDARDIZE:
                return (float) ((unsignedByte / 255.0 - mean) / std);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    /** {@link #apply} for all 256 byte values: element {@code v} is {@code apply(v)}. */
    public float[] table() {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = apply(v);
        }
        return t;
    }

    /** {@link #apply} for each of {@code pixels} (unsigned bytes), in their order: a model's input. */
    public float[] apply(byte[] pixels) {
        float[] t = table();
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = t[pixels[i] & 0xff];
        }
        return x;
    }

    /** For example {@code STANDARDIZE(mean=0.1307, std=0.3081)} or {@code SCALE}. */
    public String describe() {
        return kind == Normalisation.STANDARDIZE
                ? String.format(java.util.Locale.ROOT, "%s(mean=%.4f, std=%.4f)", kind, mean, std) : kind.toString();
    }
}
