package cnnlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import cnnlab.data.Task;

/** Bootstrap intervals: seeded, around the metric, as wide as binomial theory says, AUC with weights exact. */
class BootstrapTest {

    @Test
    void percentilesInterpolateAsNumPy() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(1.1, Bootstrap.percentile(v, 2.5), 1e-12);   // numpy.percentile([1..5], 2.5) = 1.1
        assertEquals(4.9, Bootstrap.percentile(v, 97.5), 1e-12);
    }

    @Test
    void accuracyIntervalHasTheBinomialWidth() {
        // 1,000 images, 800 right: the 95% interval is about 0.8 +- 1.96 * sqrt(0.8 * 0.2 / 1000) = +- 0.0248
        int n = 1000;
        double[][] s = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            int predicted = i < 800 ? labels[i] : (labels[i] + 1) % 3;
            s[i] = new double[3];
            s[i][predicted] = 0.8;
            s[i][(predicted + 1) % 3] = 0.1;
            s[i][(predicted + 2) % 3] = 0.1;
        }
        Bootstrap.Result r = Bootstrap.of(Task.MULTI_CLASS, s, labels, true, 1000, 42);
        assertEquals(0.8 - 0.0248, r.acc().low(), 0.006);
        assertEquals(0.8 + 0.0248, r.acc().high(), 0.006);
        assertTrue(r.auc().contains(MedicalMetrics.of(Task.MULTI_CLASS, s, labels).auc()));
        assertNull(r.sensitivity());
        assertEquals(r, Bootstrap.of(Task.MULTI_CLASS, s, labels, true, 1000, 42), "the same seed gives the same intervals");
    }

    @Test
    void weightedAucEqualsTheAucOfTheRepeatedImages() {
        // with one resample, the weighted AUC must equal MedicalMetrics' AUC of the resampled images
        Random r = new Random(3);
        int n = 60;
        double[][] s = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4) == 0 ? 0 : 1;
            double p = Math.round((r.nextDouble() * 0.5 + labels[i] * 0.3) * 10) / 10.0;   // ties on purpose
            s[i] = new double[] {1 - p, p};
        }
        long seed = 99;
        Bootstrap.Result one = Bootstrap.of(Task.BINARY, s, labels, true, 1, seed);
        // draw the same resample by hand
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[][] rs = new double[n][];
        int[] rl = new int[n];
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(n);
            rs[i] = s[j];
            rl[i] = labels[j];
        }
        MedicalMetrics m = MedicalMetrics.of(Task.BINARY, rs, rl);
        assertEquals(m.auc(), one.auc().low(), 1e-12);
        assertEquals(m.acc(), one.acc().low(), 1e-12);
        assertEquals(m.sensitivity(), one.sensitivity().low(), 1e-12);
        assertEquals(m.specificity(), one.specificity().low(), 1e-12);
    }

    @Test
    void multiLabelAccuracy() {
        double[][] s = {{0.9, 0.1}, {0.2, 0.7}};
        int[] flags = {1, 0, 0, 0};
        Bootstrap.Result r = Bootstrap.of(Task.MULTI_LABEL, s, flags, false, 200, 1);
        assertTrue(r.acc().low() >= 0.5 && r.acc().high() <= 1.0);
        assertNull(r.auc());
    }
}
