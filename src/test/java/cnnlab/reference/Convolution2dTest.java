package cnnlab.reference;

import static cnnlab.reference.GridAssertions.assertGridEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reference convolution on cases small enough to check by hand. */
class Convolution2dTest {

    private static final double[][][] X = {{
        {1, 2, 3},
        {4, 5, 6},
        {7, 8, 9},
    }};

    @Test
    void crossCorrelatesWithoutFlippingTheKernel() {
        double[][][][] w = {{{{1, 0}, {0, 0}}}};   // picks the top-left of each window
        double[][][] y = Convolution2d.forward(X, w, null, Window2d.square(2, 1, 0));
        assertGridEquals(new double[][] {{1, 2}, {4, 5}}, y[0], 0);
    }

    @Test
    void addsBiasPerFilter() {
        double[][][][] w = {{{{1}}}, {{{2}}}};
        double[][][] y = Convolution2d.forward(X, w, new double[] {10, -1}, Window2d.square(1, 1, 0));
        assertEquals(11, y[0][0][0]);
        assertEquals(2 * 9 - 1, y[1][2][2]);
    }

    @Test
    void paddingReadsZeros() {
        double[][][][] ones = {{{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}}};
        double[][][] y = Convolution2d.forward(X, ones, null, Window2d.square(3, 1, 1));
        assertGridEquals(new double[][] {
            {12, 21, 16},
            {27, 45, 33},
            {24, 39, 28},
        }, y[0], 0);
    }

    @Test
    void asymmetricPaddingShiftsTheWindows() {
        double[][][][] pick = {{{{1}}}};
        Window2d w = Window2d.builder().setKernel(1, 1).optPadding(new Padding(1, 0, 0, 2)).build();
        double[][][] y = Convolution2d.forward(X, pick, null, w);
        assertGridEquals(new double[][] {
            {0, 0, 0, 0, 0},
            {1, 2, 3, 0, 0},
            {4, 5, 6, 0, 0},
            {7, 8, 9, 0, 0},
        }, y[0], 0);
    }

    @Test
    void strideAndDilationPickSpacedCells() {
        double[][][] x = new double[1][5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                x[0][i][j] = 10 * i + j;
            }
        }
        double[][][][] corners = {{{{1, 1}, {1, 1}}}};
        Window2d w = Window2d.builder().setKernel(2, 2).optDilation(2, 2).optStride(2, 2).build();
        double[][][] y = Convolution2d.forward(x, corners, null, w);
        // out (0,0) reads (0,0) (0,2) (2,0) (2,2): 0 + 2 + 20 + 22
        assertGridEquals(new double[][] {{44, 52}, {124, 132}}, y[0], 0);
    }

    @Test
    void sumsOverInputChannels() {
        double[][][] x = {{{1}}, {{2}}, {{3}}};
        double[][][][] w = {{{{1}}, {{10}}, {{100}}}};
        assertEquals(321, Convolution2d.forward(x, w, null, Window2d.square(1, 1, 0))[0][0][0]);
    }

    @Test
    void explainsACellAsTheSlidesDo() {
        double[][][][] w = {{{{0, 2}, {1, 3}}}};
        CellCalculation c = Convolution2d.explain(X, w, new double[] {1}, Window2d.square(2, 1, 0), 0, 1, 1);
        assertEquals("5×0 + 6×2 + 8×1 + 9×3 + bias 1 = 48", c.formula());
        assertEquals(4, c.terms().size());
        assertEquals(48, c.result());
    }

    @Test
    void rejectsAKernelWhoseChannelsDoNotMatch() {
        double[][][][] w = {{{{1}}, {{1}}}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution2d.forward(X, w, null, Window2d.square(1, 1, 0)));
        assertTrue(e.getMessage().contains("C x kH x kW"), e.getMessage());
    }

    @Test
    void rejectsRaggedInput() {
        double[][][] ragged = {{{1, 2}, {3}}};
        double[][][][] w = {{{{1}}}};
        assertThrows(IllegalArgumentException.class, () -> Convolution2d.forward(ragged, w, null, Window2d.square(1, 1, 0)));
    }
}
