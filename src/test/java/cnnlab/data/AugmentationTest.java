package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import cnnlab.train.ImageBatches;

/** Augmentation: each transformation is a permutation (or shift) of pixels, seeded, and resumable inside an epoch. */
class AugmentationTest {

    @Test
    void offMeansIdentity() {
        Augmentation none = new Augmentation(false, false, 0, 1);
        assertFalse(none.active());
        int[] map = none.sourceMap(3, 4, 0, 0);
        for (int p = 0; p < 12; p++) {
            assertEquals(p, map[p]);
        }
    }

    @Test
    void flipsAndTurnsPermuteThePixelsAndShiftsFillWithBlack() {
        Augmentation a = new Augmentation(true, true, 0, 7);
        Set<String> seen = new HashSet<>();
        for (int slot = 0; slot < 200; slot++) {
            int[] map = a.sourceMap(5, 5, 3, slot);
            int[] sorted = map.clone();
            Arrays.sort(sorted);
            for (int p = 0; p < 25; p++) {
                assertEquals(p, sorted[p], "a flip or turn moves every pixel somewhere");
            }
            seen.add(Arrays.toString(map));
        }
        assertEquals(8, seen.size(), "flips and turns of a square: the 8 symmetries");
        int[] shifted = new Augmentation(false, false, 2, 7).sourceMap(6, 6, 0, 1);
        long black = Arrays.stream(shifted).filter(s -> s < 0).count();
        assertTrue(black <= 6 * 6 - 4 * 4, "at most two rows and columns shifted in");
        assertArrayEquals(a.sourceMap(5, 5, 3, 9), a.sourceMap(5, 5, 3, 9), "seeded by epoch and slot");
        assertThrows(IllegalArgumentException.class, () -> a.sourceMap(4, 5, 0, 0), "turns need square images");
    }

    @Test
    void aTurnIsNumPysRot90() {
        // 2x2 image [[a, b], [c, d]]: np.rot90 gives [[b, d], [a, c]]
        Augmentation turns = new Augmentation(false, true, 0, 0);
        for (int slot = 0; slot < 50; slot++) {
            int[] map = turns.sourceMap(2, 2, 0, slot);
            if (Arrays.equals(map, new int[] {1, 3, 0, 2})) {
                return;
            }
        }
        throw new AssertionError("no slot drew a single quarter turn");
    }

    @Test
    void batchesAreTheSameWhenResumedInsideAnEpoch() {
        byte[] px = new byte[20 * 8 * 8];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        int[] labels = new int[20];
        ImageSet set = new ImageSet("s", 8, 8, px, labels, 2);
        Augmentation aug = new Augmentation(true, true, 2, 5);
        ImageBatches whole = new ImageBatches(set, 4, Normaliser.fit(Normalisation.SCALE, set), true, 11);
        whole.setAugmentation(aug);
        whole.setEpoch(2);
        whole.next();
        whole.next();
        DataSet third = whole.next();
        ImageBatches resumed = new ImageBatches(set, 4, Normaliser.fit(Normalisation.SCALE, set), true, 11);
        resumed.setAugmentation(aug);
        resumed.setEpoch(2);
        resumed.skipBatches(2);
        assertEquals(third.getFeatures(), resumed.next().getFeatures());
        ImageBatches plain = new ImageBatches(set, 4, Normaliser.fit(Normalisation.SCALE, set), true, 11);
        plain.setEpoch(2);
        plain.skipBatches(2);
        assertFalse(third.getFeatures().equals(plain.next().getFeatures()), "augmentation changed the images");
    }
}
