package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import cnnlab.train.ImageBatches;
import org.nd4j.linalg.dataset.DataSet;

/** {@link ImageSet} with channels and label rows, and the batches DL4J gets from them: [b, C, H, W] and [b, K]. */
class ColourAndMultiLabelSetsTest {

    /** 3 colour images of 2x2: image i, channel k, pixel p holds 100 i + 10 k + p; classes 2, 0, 1. */
    static ImageSet colour() {
        byte[] px = new byte[3 * 3 * 4];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                for (int p = 0; p < 4; p++) {
                    px[(i * 3 + k) * 4 + p] = (byte) (100 * i + 10 * k + p);
                }
            }
        }
        return new ImageSet("rgb", 3, 2, 2, px, new int[] {2, 0, 1}, 3, false);
    }

    @Test
    void colourPixelsAreChannelPlanes() {
        ImageSet s = colour();
        assertEquals(3, s.size());
        assertEquals(12, s.imageSize());
        assertEquals(200 + 20 + 3, s.pixel(2, 2, 1, 1));
        assertEquals(100, s.pixel(1, 0, 0), "the 3-argument pixel is channel 0");
        assertEquals("3x2x2", s.shape());
        assertEquals("ImageSet[rgb: 3 images of 3x2x2, 3 classes]", s.toString());
        ImageSet sub = s.subset(new int[] {2, 0});
        assertEquals(200 + 11, sub.pixel(0, 1, 0, 1));
        assertArrayEquals(new int[] {1, 2}, sub.labels());
        assertEquals(3, sub.channels());
        assertEquals(1, s.first(1).size());
        assertEquals(12, s.first(1).pixels().length);
    }

    @Test
    void batchesOfColourImagesAreNchw() {
        ImageBatches it = ImageBatches.inOrder(colour(), 2, Normaliser.none());
        assertEquals(12, it.inputColumns());
        DataSet b = it.next();
        assertArrayEquals(new long[] {2, 3, 2, 2}, b.getFeatures().shape());
        assertEquals(100 + 20 + 1, b.getFeatures().getFloat(1, 2, 0, 1), "image 1, channel 2 (blue), row 0, column 1");
        assertEquals(3, b.getFeatures().getFloat(0, 0, 1, 1));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, b.getLabels().reshape(6).toFloatVector(), "one-hot");
    }

    @Test
    void multiLabelRows() {
        int[] flags = {1, 0, 1, 0, 0, 0, 1, 1, 1};
        ImageSet s = new ImageSet("chest", 1, 1, 2, new byte[] {1, 2, 3, 4, 5, 6}, flags, 3, true);
        assertEquals(3, s.size());
        assertTrue(s.multiLabel());
        assertArrayEquals(new int[] {2, 1, 2}, s.classCounts(), "images with each label");
        assertTrue(s.hasLabel(0, 2));
        assertThrows(IllegalStateException.class, () -> s.label(0));
        ImageSet sub = s.subset(new int[] {2, 1});
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0}, sub.labels());
        assertArrayEquals(new byte[] {5, 6, 3, 4}, sub.pixels());
        assertEquals("ImageSet[chest: 3 images of 1x2, 3 labels (multi-label)]", s.toString());
        assertThrows(IllegalArgumentException.class, () -> s.withNumClasses(4));

        DataSet b = ImageBatches.inOrder(s, 3, Normaliser.none()).next();
        assertArrayEquals(new long[] {3, 1, 1, 2}, b.getFeatures().shape());
        assertArrayEquals(new long[] {3, 3}, b.getLabels().shape());
        assertArrayEquals(new float[] {1, 0, 1, 0, 0, 0, 1, 1, 1}, b.getLabels().reshape(9).toFloatVector(), "the rows as they are");
    }

    @Test
    void inconsistentSetsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 1, 1, new byte[2], new int[] {0, 2, 1, 0}, 2, true));
        assertEquals("x: label 1 of image 0 is 2, expected 0 or 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 3, 2, 2, new byte[4], new int[] {0}, 2, false),
                "a colour image needs 3 planes");
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 0, 2, 2, new byte[0], new int[0], 2, false));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", 1, 1, 1, new byte[1], new int[] {1, 0, 1}, 2, true),
                "not a whole row of flags");
    }
}
