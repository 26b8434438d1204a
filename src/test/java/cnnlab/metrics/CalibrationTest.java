package cnnlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** ECE and reliability bins against hand-worked cases, and temperature scaling's fit. */
class CalibrationTest {

    @Test
    void binsAreHalfOpenFromBelow() {
        assertEquals(0, Calibration.bin(0.0, 15));
        assertEquals(0, Calibration.bin(1.0 / 15, 15), "1/15 closes the first bin");
        assertEquals(1, Calibration.bin(1.0 / 15 + 1e-9, 15));
        assertEquals(14, Calibration.bin(1.0, 15));
        assertEquals(7, Calibration.bin(0.5, 15), "0.5 = 7.5/15 lies in (7/15, 8/15]");
    }

    @Test
    void handWorkedEce() {
        // two bins of 15: four predictions at 0.9 (bin 13), 3 right; two at 0.6 (bin 8), 0 right
        double[] conf = {0.9, 0.9, 0.9, 0.9, 0.6, 0.6};
        boolean[] right = {true, true, true, false, false, false};
        Calibration c = Calibration.of(conf, right, 15);
        // ECE = 4/6 * |0.75 - 0.9| + 2/6 * |0 - 0.6| = 0.1 + 0.2
        assertEquals(0.3, c.ece(), 1e-12);
        assertEquals(4, c.count()[13]);
        assertEquals(0.75, c.accuracy()[13], 1e-12);
        assertEquals(0.9, c.confidence()[13], 1e-12);
        assertEquals(2, c.count()[8]);
        assertTrue(Double.isNaN(c.accuracy()[0]), "an empty bin has no accuracy");
    }

    @Test
    void topLabelOfSoftmaxRows() {
        double[][] s = {{0.1, 0.9}, {0.8, 0.2}, {0.3, 0.7}};
        int[] labels = {1, 1, 1};
        Calibration c = Calibration.ofClasses(s, labels, 10);
        // confidences 0.9 (right), 0.8 (wrong), 0.7 (right): each alone in its bin
        assertEquals((0.1 + 0.8 + 0.3) / 3, c.ece(), 1e-12);
    }

    @Test
    void perfectlyCalibratedPredictionsHaveSmallEce() {
        Random r = new Random(1);
        int n = 200_000;
        double[] conf = new double[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            conf[i] = 0.5 + 0.5 * r.nextDouble();
            right[i] = r.nextDouble() < conf[i];
        }
        assertTrue(Calibration.of(conf, right, 15).ece() < 0.01);
    }

    @Test
    void multiLabelPairs() {
        double[][] s = {{0.9, 0.2}};
        int[] flags = {1, 1};
        Calibration c = Calibration.ofLabels(s, flags, 10);
        // (0.9, right) and (0.8 = 1 - 0.2, wrong)
        assertEquals((0.1 + 0.8) / 2, c.ece(), 1e-12);
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {1.2}, new boolean[] {true}, 15));
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {0.5}, new boolean[] {true}, 0));
    }

    @Test
    void temperatureScalingCoolsAnOverconfidentModel() {
        // logits of a model that is right 70% of the time but says 0.99: scaling must lower its confidence
        Random r = new Random(7);
        int n = 4000;
        double[][] s = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            int predicted = r.nextDouble() < 0.7 ? labels[i] : (labels[i] + 1) % 3;
            double[] z = {0, 0, 0};
            z[predicted] = 6;
            s[i] = softmax(z);
        }
        double t = TemperatureScaling.fit(s, labels, false);
        assertTrue(t > 1, "an overconfident model gets T > 1, got " + t);
        double[][] scaled = TemperatureScaling.apply(s, false, t);
        // the optimum puts the top probability at the accuracy: exp(6/T) / (exp(6/T) + 2) = 0.7
        assertEquals(0.7, scaled[0][MedicalMetrics.argmax(scaled[0])], 0.02);
        assertTrue(Calibration.ofClasses(scaled, labels, 15).ece() < Calibration.ofClasses(s, labels, 15).ece());
        for (int i = 0; i < n; i++) {
            assertEquals(MedicalMetrics.argmax(s[i]), MedicalMetrics.argmax(scaled[i]), "scaling never changes the class");
        }
        assertTrue(TemperatureScaling.nll(s, labels, false, t) <= TemperatureScaling.nll(s, labels, false, 1));
    }

    @Test
    void temperatureOneLeavesScoresAlone() {
        double[][] s = {{0.2, 0.3, 0.5}};
        double[][] same = TemperatureScaling.apply(s, false, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(s[0][c], same[0][c], 1e-12);
        }
        assertEquals(0.8, TemperatureScaling.apply(new double[][] {{0.8}}, true, 1)[0][0], 1e-12);
    }

    private static double[] softmax(double[] z) {
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c]);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
