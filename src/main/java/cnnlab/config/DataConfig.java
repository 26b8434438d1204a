package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import cnnlab.data.Normalisation;

/** Which images to train and test on, how to split off validation, and how to scale pixels. */
@JsonPropertyOrder({"dataset", "validationFraction", "normalisation", "trainLimit", "testLimit", "augmentation"})
public class DataConfig {

    /**
     * A dataset name (mnist-sample, mnist, fashion-mnist, or one of MedMNIST's: pneumoniamnist,
     * bloodmnist, pathmnist, ...), a folder holding the four IDX files, or a MedMNIST {@code .npz} file.
     */
    public String dataset = "mnist-sample";

    /**
     * Share of the training images held out for validation, chosen by the seed; 0 to 0.5. Not used for
     * a dataset with a validation split of its own (MedMNIST).
     */
    public double validationFraction = 0.1;

    /** none (0-255), scale (0-1) or standardize (zero mean, unit variance over the training pixels). */
    public Normalisation normalisation = Normalisation.SCALE;

    /** Use only the first N training images (0 = all): for quick runs and tests. */
    public int trainLimit = 0;

    /** Use only the first N test images (0 = all). */
    public int testLimit = 0;

    /** Seeded flips, 90-degree turns and shifts of the training images; off by default. */
    public AugmentationConfig augmentation = new AugmentationConfig();
}
