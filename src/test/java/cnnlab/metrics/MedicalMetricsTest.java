package cnnlab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import cnnlab.data.Task;

/** ACC, AUC, sensitivity and specificity as MedMNIST defines them, on cases worked out by hand. */
class MedicalMetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void multiClassOneVsRestMacroAverage() {
        double[][] s = {
            {0.7, 0.2, 0.1},   // class 0, argmax 0: right
            {0.2, 0.5, 0.3},   // class 1, argmax 1: right
            {0.3, 0.1, 0.6},   // class 1, argmax 2: wrong
            {0.1, 0.1, 0.8},   // class 2, argmax 2: right
        };
        MedicalMetrics m = MedicalMetrics.of(Task.MULTI_CLASS, s, new int[] {0, 1, 1, 2});
        assertEquals(0.75, m.acc(), EPS);
        // class 0: 0.7 above 0.2, 0.3, 0.1: 1. class 1: positives 0.5, 0.1 against negatives 0.2, 0.1:
        // (0.5 > 0.2) + (0.5 > 0.1) + (0.1 < 0.2: 0) + (0.1 = 0.1: 1/2) = 2.5 of 4. class 2: 0.8 above all: 1.
        assertArrayEquals(new double[] {1, 0.625, 1}, m.classAuc(), EPS);
        assertEquals((1 + 0.625 + 1) / 3, m.auc(), EPS);
        assertArrayEquals(new int[] {1, 2, 1}, m.positives());
        assertTrue(Double.isNaN(m.sensitivity()));
        assertNull(m.roc());
        MedicalMetrics ordinal = MedicalMetrics.of(Task.ORDINAL_REGRESSION, s, new int[] {0, 1, 1, 2});
        assertEquals(Task.ORDINAL_REGRESSION, ordinal.task());
        assertEquals(m.acc(), ordinal.acc(), "ordinal regression is scored as multi-class");
        assertEquals(m.auc(), ordinal.auc());
    }

    @Test
    void binaryWithTheThresholdAndTies() {
        // p(class 1) and the class: predicted positive when p > 0.5 (0.5 itself is negative, as in MedMNIST's getACC)
        double[] p1 = {0.9, 0.6, 0.4, 0.6, 0.2, 0.5};
        int[] y = {1, 1, 1, 0, 0, 1};
        double[][] s = new double[6][];
        for (int i = 0; i < 6; i++) {
            s[i] = new double[] {1 - p1[i], p1[i]};
        }
        MedicalMetrics m = MedicalMetrics.of(Task.BINARY, s, y);
        // TP: 0.9, 0.6 (2); FN: 0.4, 0.5 (2); FP: the negative 0.6 (1); TN: 0.2 (1)
        assertArrayEquals(new long[] {1, 1, 2, 2}, m.confusion(), "TN, FP, FN, TP");
        assertEquals(0.5, m.sensitivity(), EPS);
        assertEquals(0.5, m.specificity(), EPS);
        assertEquals(0.5, m.acc(), EPS);
        // positives 0.9, 0.6, 0.4, 0.5 against negatives 0.6, 0.2: 0.9 -> 2, 0.6 -> 1/2 + 1, 0.4 -> 1, 0.5 -> 1: 5.5 of 8
        assertEquals(5.5 / 8, m.auc(), EPS);
        assertArrayEquals(new double[] {5.5 / 8, 5.5 / 8}, m.classAuc(), EPS, "class 0's score is 1 - p: the same area");
        Roc.Curve c = m.roc();
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 0.5, 1}, c.falsePositiveRate(), EPS);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1}, c.truePositiveRate(), EPS);
        assertEquals(m.auc(), c.trapezoidArea(), EPS);
        assertArrayEquals(new int[] {2, 4}, m.positives());
    }

    @Test
    void multiLabelMeansOverLabels() {
        double[][] s = {{0.8, 0.3, 0.1}, {0.6, 0.7, 0.2}, {0.2, 0.75, 0.9}};
        int[] flags = {
            1, 0, 0,
            0, 1, 0,
            0, 0, 0,
        };
        MedicalMetrics m = MedicalMetrics.of(Task.MULTI_LABEL, s, flags);
        // label 0: predicted 1, 1, 0 for 1, 0, 0: 2 of 3; label 1: 0, 1, 1 for 0, 1, 0: 2 of 3; label 2: 0, 0, 1 for 0, 0, 0: 2 of 3
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3}, m.labelAccuracy(), EPS);
        assertEquals(2.0 / 3, m.acc(), EPS);
        // label 0: 0.8 above 0.6 and 0.2: 1; label 1: 0.7 above 0.3, below 0.75: 1/2; label 2: no positive, no AUC
        assertEquals(1.0, m.classAuc()[0], EPS);
        assertEquals(0.5, m.classAuc()[1], EPS);
        assertTrue(Double.isNaN(m.classAuc()[2]));
        assertEquals(0.75, m.auc(), EPS, "the mean over the labels that have an AUC");
        assertArrayEquals(new int[] {1, 1, 0}, m.positives());
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> MedicalMetrics.of(Task.BINARY, new double[][] {{0.1, 0.2, 0.7}}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> MedicalMetrics.of(Task.MULTI_CLASS, new double[][] {{0.5, 0.5}}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> MedicalMetrics.of(Task.MULTI_CLASS, new double[][] {{0.5, 0.5}, {1}},
                new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> MedicalMetrics.of(Task.MULTI_LABEL, new double[][] {{0.5, 0.5}}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> MedicalMetrics.of(Task.MULTI_LABEL, new double[][] {{0.5, 0.5}},
                new int[] {1, 2}));
    }
}
