package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Predictor#ranked}: the most probable classes first, named, the lower index first among equals. */
class PredictorTest {

    @Test
    void ranksByProbabilityThenIndex() {
        List<Predictor.Guess> top = Predictor.ranked(new double[] {0.1, 0.4, 0.1, 0.4}, List.of("a", "b", "c", "d"), 3);
        assertEquals(List.of(new Predictor.Guess(1, "b", 0.4), new Predictor.Guess(3, "d", 0.4), new Predictor.Guess(0, "a", 0.1)), top);
    }

    @Test
    void fewerClassesThanAskedGivesThemAll() {
        assertEquals(List.of(new Predictor.Guess(1, "1", 0.7), new Predictor.Guess(0, "0", 0.3)),
                Predictor.ranked(new double[] {0.3, 0.7}, List.of("0", "1"), 3));
    }
}
