package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;

import org.junit.jupiter.api.Test;

/** A validation split is seeded, disjoint from the rest, and together with it covers the set. */
class SplitsTest {

    private final ImageSet set = Idx.indexed(1000, 10);

    @Test
    void disjointAndComplete() {
        ImageSet[] parts = Splits.trainValidation(set, 0.1, 7);
        assertEquals(900, parts[0].size());
        assertEquals(100, parts[1].size());
        BitSet seen = new BitSet();
        for (ImageSet p : parts) {
            int previous = -1;
            for (int i = 0; i < p.size(); i++) {
                int original = Idx.indexOf(p, i);
                assertTrue(original > previous, "original order is kept");
                previous = original;
                assertTrue(!seen.get(original), "image " + original + " in both parts");
                seen.set(original);
                assertEquals(original % 10, p.labels()[i], "labels travel with their images");
            }
        }
        assertEquals(1000, seen.cardinality());
        assertEquals("indexed", parts[0].name());
        assertEquals("indexed/validation", parts[1].name());
        assertEquals(10, parts[1].numClasses());
        int[] v = new int[100];
        Arrays.setAll(v, i -> Idx.indexOf(parts[1], i));
        assertArrayEquals(Splits.validationIndices(1000, 0.1, 7), v);
    }

    @Test
    void deterministicForASeed() {
        assertEquals(Splits.trainValidation(set, 0.2, 42)[1], Splits.trainValidation(set, 0.2, 42)[1]);
        assertNotEquals(Splits.trainValidation(set, 0.2, 42)[1], Splits.trainValidation(set, 0.2, 43)[1]);
        // Pinned, so that a change of algorithm (and of every reported validation score) is noticed.
        assertArrayEquals(new int[] {5, 13, 14, 15, 16}, Splits.validationIndices(20, 0.25, 42));
    }

    @Test
    void fractionZeroGivesAnEmptyValidationSet() {
        ImageSet[] parts = Splits.trainValidation(set, 0, 1);
        assertSame(set, parts[0]);
        assertEquals(0, parts[1].size());
        assertEquals(0, parts[1].pixels().length);
        assertEquals(10, parts[1].numClasses());
        assertEquals(4, parts[1].imageSize());
    }

    @Test
    void fractionBounds() {
        assertEquals(500, Splits.trainValidation(set, 0.5, 1)[1].size());
        assertEquals(1, Splits.trainValidation(Idx.indexed(3, 2), 0.25, 1)[1].size(), "round(0.75) = 1");
        for (double bad : new double[] {-0.1, 0.51, Double.NaN, 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Splits.trainValidation(set, bad, 1));
            assertEquals("validation fraction " + bad + " is outside [0, 0.5]", e.getMessage());
        }
    }
}
