package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Bytes to floats, three ways; standardisation's statistics come from the training pixels. */
class NormaliserTest {

    @Test
    void mnistStatisticsFromTheSample() {
        ImageSet train = DatasetCatalog.resolve("mnist-sample", Path.of("")).loadTrain();
        Normaliser n = Normaliser.fit(Normalisation.STANDARDIZE, train);
        assertEquals(0.1307, n.mean(), 0.01);
        assertEquals(0.3081, n.std(), 0.01);
        assertEquals(-0.1307 / 0.3081, n.apply(0), 0.05);
    }

    @Test
    void standardizedTrainingPixelsHaveMeanZeroAndStdOne() {
        ImageSet s = new ImageSet("s", 1, 4, new byte[] {0, 10, 20, (byte) 250, 0, 0, (byte) 255, 30}, new int[] {0, 1});
        Normaliser n = Normaliser.fit(Normalisation.STANDARDIZE, s);
        double sum = 0;
        double sumSq = 0;
        for (byte b : s.pixels()) {
            double v = n.apply(b & 0xff);
            sum += v;
            sumSq += v * v;
        }
        assertEquals(0, sum / 8, 1e-6);
        assertEquals(1, Math.sqrt(sumSq / 8), 1e-6);
        assertEquals((10 + 20 + 250 + 255 + 30) / 8.0 / 255, n.mean(), 1e-12);
    }

    @Test
    void noneAndScale() {
        ImageSet s = Idx.indexed(5, 2);
        Normaliser none = Normaliser.fit(Normalisation.NONE, s);
        Normaliser scale = Normaliser.fit(Normalisation.SCALE, s);
        assertEquals(Normaliser.none(), none);
        assertEquals(Normaliser.scale(), scale);
        assertEquals(255f, none.apply(255));
        assertEquals(7f, none.apply(7));
        assertEquals(1f, scale.apply(255));
        assertEquals(0f, scale.apply(0));
        assertEquals(51 / 255f, scale.apply(51), 1e-7);
        assertEquals(256, scale.table().length);
        assertEquals(scale.apply(128), scale.table()[128]);
        assertEquals("SCALE", scale.describe());
        assertEquals("STANDARDIZE(mean=0.1307, std=0.3081)", new Normaliser(Normalisation.STANDARDIZE, 0.1307, 0.3081)
                .describe());
    }

    @Test
    void invalidUse() {
        assertThrows(IllegalArgumentException.class, () -> Normaliser.scale().apply(256));
        assertThrows(IllegalArgumentException.class, () -> Normaliser.scale().apply(-1));
        assertThrows(IllegalArgumentException.class, () -> new Normaliser(Normalisation.STANDARDIZE, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Normaliser(Normalisation.SCALE, 0.1, 0.3));
        ImageSet flat = new ImageSet("flat", 2, 2, new byte[] {9, 9, 9, 9}, new int[] {0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normaliser.fit(Normalisation.STANDARDIZE, flat));
        assertEquals("flat: every pixel is 9, so there is no spread to standardize by", e.getMessage());
        ImageSet empty = new ImageSet("empty", 2, 2, new byte[0], new int[0], 3);
        assertThrows(IllegalArgumentException.class, () -> Normaliser.fit(Normalisation.STANDARDIZE, empty));
    }
}
