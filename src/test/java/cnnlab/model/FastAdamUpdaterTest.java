package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** {@link FastAdamUpdater} gives DL4J's Adam updates (libnd4j's op), state included, step after step. */
class FastAdamUpdaterTest {

    /** Two updaters on state views at an offset inside a bigger array, as a network's updater state is. */
    private static void compare(int length, int threads, DataType type, double tolerance) {
        Adam config = new Adam(3e-3, 0.85, 0.995, 1e-7);
        INDArray stockState = Nd4j.zeros(type, 1, 2 * length + 6).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 2 * length + 6)).reshape(1, 2 * length);
        INDArray fastState = stockState.dup();
        AdamUpdater stock = (AdamUpdater) config.instantiate(stockState, true);
        AdamUpdater template = (AdamUpdater) config.instantiate(fastState, true);
        FastAdamUpdater fast = new FastAdamUpdater(template);
        LayerThreads.set(threads);
        try {
            Nd4j.getRandom().setSeed(17);
            for (int iteration = 0; iteration < 25; iteration++) {
                INDArray g = Nd4j.randn(type, 1, length).muli(iteration % 5 == 0 ? 10 : 0.1);
                INDArray a = g.dup();
                INDArray b = g.dup();
                stock.applyUpdater(a, iteration, 0);
                fast.applyUpdater(b, iteration, 0);
                assertClose(a, b, tolerance, "update at iteration " + iteration);
            }
            assertClose(stock.getM(), fast.getM(), tolerance, "M");
            assertClose(stock.getV(), fast.getV(), tolerance, "V");
        } finally {
            LayerThreads.set(1);
        }
    }

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {1, 2, 3})
    void floatUpdatesEqualDl4jsAdam(int threads) {
        compare(50_001, threads, DataType.FLOAT, 1e-6);
    }

    @Test
    void doublesGoToDl4jsOwnOp() {
        compare(1_000, 1, DataType.DOUBLE, 0.0);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double[] e = expected.ravel().toDoubleVector();
        double[] a = actual.ravel().toDoubleVector();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > tolerance * Math.max(1e-3, Math.abs(e[i]))) {
                throw new AssertionError(what + ": element " + i + ": expected " + e[i] + " but got " + a[i]);
            }
        }
    }
}
