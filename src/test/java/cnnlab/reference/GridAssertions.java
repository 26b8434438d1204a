package cnnlab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Small assertions for grids, reporting the first differing cell. */
public final class GridAssertions {

    private GridAssertions() {
    }

    /** Asserts equal shapes and every cell within {@code tolerance}. */
    public static void assertGridEquals(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, "columns of row " + i);
            for (int j = 0; j < expected[i].length; j++) {
                if (Math.abs(expected[i][j] - actual[i][j]) > tolerance) {
                    fail("cell (" + i + ", " + j + "): expected " + expected[i][j] + ", got " + actual[i][j]);
                }
            }
        }
    }

    /** Asserts equal channel counts and every channel equal within {@code tolerance}. */
    public static void assertGridEquals(double[][][] expected, double[][][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "channels");
        for (int c = 0; c < expected.length; c++) {
            try {
                assertGridEquals(expected[c], actual[c], tolerance);
            } catch (AssertionError e) {
                throw new AssertionError("channel " + c + ": " + e.getMessage(), e);
            }
        }
    }
}
