package cnnlab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** AUC by ranks against values counted by hand, pair by pair; ties count one half. */
class RocTest {

    private static final double EPS = 1e-12;

    @Test
    void noTies() {
        // positives 0.9, 0.8, 0.4; negatives 0.7, 0.3. Of the 6 pairs only (0.4, 0.7) is ordered wrongly: 5/6.
        boolean[] pos = {true, false, true, true, false};
        double[] s = {0.9, 0.7, 0.8, 0.4, 0.3};
        assertEquals(5.0 / 6, Roc.auc(pos, s), EPS);
    }

    @Test
    void tiesCountOneHalf() {
        // positives 0.6, 0.4; negatives 0.6, 0.4, 0.2. Pairs: (.6,.6) 1/2, (.6,.4) 1, (.6,.2) 1, (.4,.6) 0, (.4,.4) 1/2,
        // (.4,.2) 1: 4 of 6. By ranks: 0.2 -> 1; the two 0.4 share (2+3)/2; the two 0.6 share (4+5)/2;
        // R+ = 2.5 + 4.5 = 7, AUC = (7 - 2*3/2) / (2*3) = 4/6.
        boolean[] pos = {true, true, false, false, false};
        double[] s = {0.6, 0.4, 0.6, 0.4, 0.2};
        assertEquals(4.0 / 6, Roc.auc(pos, s), EPS);

        Roc.Curve c = Roc.curve(pos, s);
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1}, c.falsePositiveRate(), EPS);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, c.truePositiveRate(), EPS);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.6, 0.4, 0.2}, c.thresholds(), EPS);
        assertEquals(4.0 / 6, c.auc(), EPS);
        assertEquals(4.0 / 6, c.trapezoidArea(), EPS, "a tie is a diagonal step: the trapezoid area counts it one half");
    }

    @Test
    void extremes() {
        boolean[] pos = {true, true, false, false};
        assertEquals(1.0, Roc.auc(pos, new double[] {0.9, 0.8, 0.2, 0.1}), EPS);
        assertEquals(0.0, Roc.auc(pos, new double[] {0.1, 0.2, 0.8, 0.9}), EPS);
        assertEquals(0.5, Roc.auc(pos, new double[] {0.3, 0.3, 0.3, 0.3}), EPS, "all tied: a coin");
        assertEquals(Double.NaN, Roc.auc(new boolean[] {true, true}, new double[] {0.1, 0.2}), "no negatives: undefined");
        assertEquals(Double.NaN, Roc.auc(new boolean[] {false, false}, new double[] {0.1, 0.2}), "no positives: undefined");
        assertEquals(Double.NaN, Roc.auc(pos, new double[] {0.1, Double.NaN, 0.3, 0.4}));
        assertThrows(IllegalArgumentException.class, () -> Roc.auc(pos, new double[] {0.1}));
        assertThrows(IllegalArgumentException.class, () -> Roc.curve(new boolean[] {true}, new double[] {0.5}));
    }

    @Test
    void ranksAgreeWithCountingPairsAndWithTheCurve() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(40);
            boolean[] pos = new boolean[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = r.nextBoolean();
                s[i] = r.nextInt(6) / 5.0;   // few distinct values: many ties
            }
            pos[0] = true;
            pos[1] = false;
            double pairs = 0;
            int np = 0;
            int nn = 0;
            for (int i = 0; i < n; i++) {
                if (!pos[i]) {
                    continue;
                }
                np++;
                for (int j = 0; j < n; j++) {
                    if (!pos[j]) {
                        pairs += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            for (boolean b : pos) {
                nn += b ? 0 : 1;
            }
            double expected = pairs / ((double) np * nn);
            assertEquals(expected, Roc.auc(pos, s), 1e-12);
            Roc.Curve c = Roc.curve(pos, s);
            assertEquals(expected, c.trapezoidArea(), 1e-12);
            assertEquals(0, c.falsePositiveRate()[0]);
            assertEquals(1, c.truePositiveRate()[c.truePositiveRate().length - 1], EPS);
            assertTrue(c.falsePositiveRate().length <= 7, "one point per distinct score, plus (0, 0)");
        }
    }
}
