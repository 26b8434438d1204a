package cnnlab.records;

import cnnlab.data.Normalisation;
import cnnlab.data.Normaliser;

/**
 * {@code normalisation.json}: the pixel scaling fitted on a run's training images, needed to feed its
 * model new images ({@code evaluate}, {@code predict}).
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION} when written; 0 for files written before it existed
 * @param kind the normalisation
 * @param mean the mean of the scaled training pixels (STANDARDIZE), else 0
 * @param std their standard deviation (STANDARDIZE), else 1
 */
public record NormalisationFile(int schemaVersion, Normalisation kind, double mean, double std) {

    /** The file content for {@code n}. */
    public static NormalisationFile of(Normaliser n) {
        return new NormalisationFile(RunJson.SCHEMA_VERSION, n.kind(), n.mean(), n.std());
    }

    /**
     * The normaliser this file describes.
     *
     * @throws IllegalArgumentException when the values are not a valid normaliser (no kind, a std that is not positive)
     */
    public Normaliser normaliser() {
        if (kind == null) {
            throw new IllegalArgumentException("no kind");
        }
        return new Normaliser(kind, mean, std);
    }
}
