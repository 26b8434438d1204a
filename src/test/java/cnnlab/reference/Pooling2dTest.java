package cnnlab.reference;

import static cnnlab.reference.GridAssertions.assertGridEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The reference pooling on cases small enough to check by hand, negative values and padding included. */
class Pooling2dTest {

    private static final double[][][] NEG = {{
        {-1, -2},
        {-3, -4},
    }};

    @Test
    void maxIgnoresPaddingEvenWhenEverythingIsNegative() {
        double[][][] y = Pooling2d.forward(NEG, PoolingKind.MAX, Window2d.square(2, 1, 1), false);
        assertGridEquals(new double[][] {
            {-1, -1, -2},
            {-1, -1, -2},
            {-3, -3, -4},
        }, y[0], 0);
    }

    @Test
    void sumAddsZeroForPadding() {
        double[][][] y = Pooling2d.forward(NEG, PoolingKind.SUM, Window2d.square(2, 1, 1), false);
        assertGridEquals(new double[][] {
            {-1, -3, -2},
            {-4, -10, -6},
            {-3, -7, -4},
        }, y[0], 0);
    }

    @Test
    void averageDivisorCountsPaddingOrNot() {
        Window2d w = Window2d.square(2, 1, 1);
        assertEquals(-0.25, Pooling2d.forward(NEG, PoolingKind.AVG, w, true)[0][0][0]);
        assertEquals(-1.0, Pooling2d.forward(NEG, PoolingKind.AVG, w, false)[0][0][0]);
        assertEquals(-2.5, Pooling2d.forward(NEG, PoolingKind.AVG, w, true)[0][1][1]);
        assertEquals(-2.5, Pooling2d.forward(NEG, PoolingKind.AVG, w, false)[0][1][1]);
    }

    @Test
    void poolsEachChannelSeparately() {
        double[][][] x = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        double[][][] y = Pooling2d.forward(x, PoolingKind.MAX, Window2d.square(2, 2, 0), true);
        assertEquals(2, y.length);
        assertEquals(4, y[0][0][0]);
        assertEquals(8, y[1][0][0]);
    }

    @Test
    void explainsAnAverage() {
        CellCalculation c = Pooling2d.explain(NEG, PoolingKind.AVG, Window2d.square(2, 1, 1), true, 0, 0, 0);
        assertEquals("(pad 0 + pad 0 + pad 0 + -1) / 4 = -0.25", c.formula());
    }

    @Test
    void aWindowOfOnlyPaddingHasNoMax() {
        Window2d w = Window2d.builder().setKernel(1, 1).optPadding(Padding.of(1)).build();
        assertThrows(IllegalArgumentException.class, () -> Pooling2d.forward(NEG, PoolingKind.MAX, w, false));
    }
}
