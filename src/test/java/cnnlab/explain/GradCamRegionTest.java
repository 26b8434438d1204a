package cnnlab.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.DataSet;

import cnnlab.data.Npz;
import cnnlab.train.StopSignal;
import cnnlab.train.TinyRuns;
import cnnlab.train.TrainedModel;
import cnnlab.train.TrainingData;
import cnnlab.train.TrainingRun;

/**
 * Grad-CAM looks where the label is: a LeNet trained on a synthetic set in MedMNIST's layout whose
 * label depends only on one region of the image (a bright square in the top-left 12 x 12 pixels means
 * class 1; bright squares elsewhere appear in both classes alike, as distractors) puts most of its
 * Grad-CAM mass for class 1 inside that region.
 *
 * <p>Threshold: over the test images of class 1 that the network gets right, the mean share of the
 * (upsampled, non-negative) Grad-CAM inside the region must be at least 0.5, while the region is
 * 144 / 784 = 18% of the image; a map that ignored the region would put about 18% there.
 */
class GradCamRegionTest {

    static final int SIDE = 28;
    static final int REGION = 12;   // rows and columns 0..11
    static final double THRESHOLD = 0.5;

    @TempDir
    Path dir;

    @AfterEach
    void clearStop() {
        StopSignal.clear();
    }

    /** The six arrays: noise 0..59, the label's square (class 1) in the region, a distractor square anywhere else in half the images. */
    static Map<String, byte[]> regionSet(int[] sizes, long seed) {
        Random r = new Random(seed);
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        String[] splits = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            int n = sizes[s];
            byte[] px = new byte[n * SIDE * SIDE];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(2);
                for (int p = 0; p < SIDE * SIDE; p++) {
                    px[i * SIDE * SIDE + p] = (byte) r.nextInt(60);
                }
                if (labels[i] == 1) {
                    square(px, i, r.nextInt(REGION - 6 + 1), r.nextInt(REGION - 6 + 1), r);
                }
                if (r.nextBoolean()) {   // a distractor outside the region, in either class
                    int y;
                    int x;
                    do {
                        y = r.nextInt(SIDE - 6 + 1);
                        x = r.nextInt(SIDE - 6 + 1);
                    } while (y < REGION && x < REGION);
                    square(px, i, y, x, r);
                }
            }
            arrays.put(splits[s] + "_images", Npz.uint8(px, n, SIDE, SIDE));
            arrays.put(splits[s] + "_labels", Npz.ints("|u1", labels, n, 1));
        }
        return arrays;
    }

    /** A 6 x 6 bright square at (y, x), clipped to where it reaches. */
    private static void square(byte[] px, int i, int y, int x, Random r) {
        for (int dy = 0; dy < 6; dy++) {
            for (int dx = 0; dx < 6; dx++) {
                px[i * SIDE * SIDE + (y + dy) * SIDE + x + dx] = (byte) (200 + r.nextInt(56));
            }
        }
    }

    @Test
    void gradCamMassFallsInsideTheRegionThatDecidesTheLabel() throws IOException {
        Path npz = Npz.write(dir.resolve("region.npz"), regionSet(new int[] {600, 100, 120}, 5), true);
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(dir.resolve("runs"), 4, "data.dataset=" + npz, "data.trainLimit=0",
                "data.testLimit=0", "output.plots=false", "analysis.report=false"), null);
        assertTrue(o.finished());
        assertTrue(o.testAccuracy() > 0.9, "the task is easy: " + o.testAccuracy());
        TrainedModel m = TrainedModel.load(o.dir().root(), TrainedModel.Which.FINAL);
        TrainingData data = TrainingData.load(m.config());
        DataSet test = data.evaluationBatches(data.test(), data.test().size()).next();
        MultiLayerNetwork net = m.net();
        int n = data.test().size();
        int[] targets = new int[n];
        java.util.Arrays.fill(targets, 1);
        List<Attribution.Maps> maps = Attribution.of(net).explain(test.getFeatures(), targets);
        double[][] p = net.output(test.getFeatures(), false).toDoubleMatrix();
        double shareSum = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (data.test().label(i) != 1 || p[i][1] <= 0.5) {
                continue;
            }
            double[][] cam = maps.get(i).camUpsampled();
            double inside = 0;
            double total = 0;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    total += cam[y][x];
                    inside += y < REGION && x < REGION ? cam[y][x] : 0;
                }
            }
            if (total > 0) {
                shareSum += inside / total;
                counted++;
            }
        }
        assertTrue(counted >= 40, "enough right class-1 images: " + counted);
        double share = shareSum / counted;
        System.out.printf("Grad-CAM share inside the region: %.3f over %d images (region: %.3f of the image)%n", share, counted,
                (double) REGION * REGION / (SIDE * SIDE));
        assertTrue(share >= THRESHOLD, "mean Grad-CAM share inside the deciding region " + share + " < " + THRESHOLD);
        assertEquals(2, maps.get(0).camLayer(), "Grad-CAM at the second conv layer");
    }
}
