package cnnlab.data;

/**
 * How pixel bytes (0..255) become the network's input floats. The choice changes how fast and how
 * well LeNet trains, which is one of the things the lab compares; {@link Normaliser} applies it.
 */
public enum Normalisation {
    /** The raw values 0..255 as floats: the baseline that shows why inputs are normalised. */
    NONE,
    /** {@code x / 255}, in {@code [0, 1]}: what DL4J's {@code ImagePreProcessingScaler} does by default. */
    SCALE,
    /**
     * {@code (x / 255 - mean) / std}, with one mean and one standard deviation over all training
     * pixels (for MNIST about 0.1307 and 0.3081): inputs centred on 0 with unit spread.
     */
    STANDARDIZE
}
