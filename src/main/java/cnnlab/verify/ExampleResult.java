package cnnlab.verify;

import java.util.List;

/**
 * The three columns for one example and the cells where they disagree.
 *
 * @param example the example
 * @param reference the reference output {@code [rows][cols]}
 * @param dl4j DL4J's output {@code [rows][cols]}
 * @param disagreements the cells where slide, reference and DL4J do not all agree, row by row
 */
public record ExampleResult(Example example, double[][] reference, double[][] dl4j, List<Disagreement> disagreements) {

    /** The number of output cells compared. */
    public int cells() {
        return reference.length * reference[0].length;
    }
}
