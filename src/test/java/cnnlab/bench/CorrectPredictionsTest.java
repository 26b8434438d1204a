package cnnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link Benchmark#correctPredictions} counts what ND4J's argMax, eq and sum count. */
class CorrectPredictionsTest {

    /** ND4J's own count: the timed loop's way before bench/NOTES.md section 9, attempt K. */
    private static long nd4jCount(INDArray outputs, INDArray labels) {
        return outputs.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
    }

    private static INDArray oneHot(int rows, int classes, long seed) {
        java.util.Random r = new java.util.Random(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(classes), 1f);
        }
        return y;
    }

    @Test
    void countsAsNd4jDoesOnRandomOutputs() {
        for (int seed = 0; seed < 20; seed++) {
            int rows = 1 + seed * 7;
            int classes = 2 + seed % 9;
            Nd4j.getRandom().setSeed(seed);
            INDArray out = Nd4j.rand(DataType.FLOAT, rows, classes);
            INDArray y = oneHot(rows, classes, seed);
            // some rows predicted right on purpose, so that the count is neither 0 nor everything
            for (int i = 0; i < rows; i += 3) {
                out.putRow(i, y.getRow(i).mul(5).add(out.getRow(i)));
            }
            assertEquals(nd4jCount(out, y), Benchmark.correctPredictions(out, y), "seed " + seed);
        }
    }

    @Test
    void tiesGoToTheFirstLargestValueAsInNd4j() {
        INDArray out = Nd4j.createFromArray(new float[][] {{0.5f, 0.5f, 0f}, {0.2f, 0.4f, 0.4f}, {1f, 1f, 1f}});
        INDArray first = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}});
        INDArray second = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        assertEquals(3, Benchmark.correctPredictions(out, first));
        assertEquals(nd4jCount(out, first), Benchmark.correctPredictions(out, first));
        assertEquals(0, Benchmark.correctPredictions(out, second));
        assertEquals(nd4jCount(out, second), Benchmark.correctPredictions(out, second));
    }

    @Test
    void readsViewsDoublesAndFortranOrderAsTheirValues() {
        Nd4j.getRandom().setSeed(7);
        INDArray big = Nd4j.rand(DataType.DOUBLE, 12, 5);
        INDArray y = oneHot(12, 5, 7);
        INDArray view = big.get(NDArrayIndex.interval(2, 10), NDArrayIndex.all());
        INDArray yView = y.get(NDArrayIndex.interval(2, 10), NDArrayIndex.all());
        assertEquals(nd4jCount(view, yView), Benchmark.correctPredictions(view, yView));
        INDArray f = big.dup('f');
        assertEquals(nd4jCount(big, y), Benchmark.correctPredictions(f, y));
    }

    @Test
    void refusesArraysOfDifferentShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> Benchmark.correctPredictions(Nd4j.zeros(DataType.FLOAT, 4, 3), Nd4j.zeros(DataType.FLOAT, 4, 2)));
    }
}
