package cnnlab.verify;

/**
 * One output cell where the three columns do not all agree.
 *
 * @param row output row, from 0
 * @param col output column, from 0
 * @param slide the printed value, or {@code null} where the slide prints none
 * @param reference the reference value
 * @param dl4j DL4J's value
 * @param verdict what the disagreement means
 * @param arithmetic the reference calculation of the cell, written out
 */
public record Disagreement(int row, int col, Double slide, double reference, double dl4j, Verdict verdict,
                           String arithmetic) {
}
