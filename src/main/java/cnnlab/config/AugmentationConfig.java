package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Light, seeded augmentation of the training images (never of validation or test images); all off
 * by default. Each training image of each epoch gets its own transformation, drawn from the run's
 * seed, the epoch and the image's place in the epoch, so a run gives the same result twice and a
 * resumed run continues exactly.
 */
@JsonPropertyOrder({"flips", "rotations", "maxShift"})
public class AugmentationConfig {

    /** Mirror left-right with probability 1/2, and upside down with probability 1/2. */
    public boolean flips = false;

    /** Turn by 0, 90, 180 or 270 degrees, each with probability 1/4 (square images only). */
    public boolean rotations = false;

    /** Shift by up to this many pixels in each direction (uniform), filling with black (pixel 0); 0 = none. */
    public int maxShift = 0;
}
