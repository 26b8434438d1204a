package cnnlab.verify;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;

import cnnlab.reference.CellCalculation;
import cnnlab.reference.Convolution2d;
import cnnlab.reference.Pooling2d;

/**
 * Computes an example with the reference and with DL4J, and classifies every cell where the slide,
 * the reference and DL4J do not all agree.
 *
 * <p>DL4J runs in double precision, so DL4J and the reference must agree to
 * {@value #DL4J_TOLERANCE} (relative to the magnitude); a printed value must equal the reference
 * exactly as printed, within {@value #SLIDE_TOLERANCE}.
 */
public final class ThreeWayCheck {

    /** Largest difference between DL4J and the reference, relative to max(1, |reference|), that counts as equal. */
    public static final double DL4J_TOLERANCE = 1e-9;
    /** Largest difference between a printed value and the reference that counts as equal. */
    public static final double SLIDE_TOLERANCE = 1e-9;

    private ThreeWayCheck() {
    }

    /** Runs one example through both implementations and compares all three columns. */
    public static ExampleResult run(Example example) {
        double[][] reference = reference(example);
        double[][] dl4j = dl4j(example, CNN2DFormat.NCHW);
        List<Disagreement> found = new ArrayList<>();
        double[][] printed = example.printed();
        if (printed != null && (printed.length != reference.length || printed[0].length != reference[0].length)) {
            throw new IllegalStateException(example.id() + ": the slide prints a " + printed.length + "x" + printed[0].length
                    + " grid but the output is " + reference.length + "x" + reference[0].length);
        }
        for (int i = 0; i < reference.length; i++) {
            for (int j = 0; j < reference[0].length; j++) {
                double ref = reference[i][j];
                double dl = dl4j[i][j];
                Double slide = printed == null ? null : printed[i][j];
                Verdict verdict = null;
                if (!closeEnough(dl, ref)) {
                    verdict = Verdict.DL4J_DEVIATION;
                } else if (slide != null && Math.abs(slide - ref) > SLIDE_TOLERANCE) {
                    verdict = Verdict.SLIDE_ERRATUM;
                }
                if (verdict != null) {
                    found.add(new Disagreement(i, j, slide, ref, dl, verdict, explain(example, i, j).formula()));
                }
            }
        }
        return new ExampleResult(example, reference, dl4j, found);
    }

    /** Whether a DL4J value equals a reference value within {@link #DL4J_TOLERANCE}. */
    public static boolean closeEnough(double dl4j, double reference) {
        return Math.abs(dl4j - reference) <= DL4J_TOLERANCE * Math.max(1.0, Math.abs(reference));
    }

    /** The reference output of an example (its only channel). */
    public static double[][] reference(Example e) {
        if (e.op() == Op.CONV) {
            return Convolution2d.forward(e.input(), new double[][][][] {e.kernel()}, null, e.window())[0];
        }
        return Pooling2d.forward(e.input(), e.op().pooling(), e.window(), e.includePadInDivisor())[0];
    }

    /** DL4J's output of an example (its only channel). */
    public static double[][] dl4j(Example e, CNN2DFormat format) {
        if (e.op() == Op.CONV) {
            return Dl4jLayers.convolution(e.input(), new double[][][][] {e.kernel()}, null, e.window(), format)[0];
        }
        return Dl4jLayers.pooling(e.input(), e.op().pooling(), e.window(), e.includePadInDivisor(), format)[0];
    }

    /**
     * Checks that {@code (row, col)} is a cell of the output {@code reference} of {@code e}.
     *
     * @throws IllegalArgumentException naming the output's size otherwise
     */
    public static void requireCell(Example e, double[][] reference, int row, int col) {
        if (row < 0 || row >= reference.length || col < 0 || col >= reference[0].length) {
            throw new IllegalArgumentException("cell (" + row + ", " + col + ") is outside the " + reference.length + "x"
                    + reference[0].length + " output of " + e.id() + " (rows and columns count from 0)");
        }
    }

    /** The reference calculation of one output cell, as the slides write it out. */
    public static CellCalculation explain(Example e, int row, int col) {
        if (e.op() == Op.CONV) {
            return Convolution2d.explain(e.input(), new double[][][][] {e.kernel()}, null, e.window(), 0, row, col);
        }
        return Pooling2d.explain(e.input(), e.op().pooling(), e.window(), e.includePadInDivisor(), 0, row, col);
    }
}
