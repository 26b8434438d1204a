package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time left in an epoch counts only the minibatches trained in this session, also after a resume. */
class ProgressTest {

    @Test
    void aResumedEpochEstimatesFromThisSessionsPace() {
        // resumed 90 minibatches into an epoch of 100; 5 trained in this session, in 5 s: 1 s each, 5 left
        try (Progress p = Progress.start("epoch 2/2", 100, 90, 1000)) {
            for (int i = 0; i < 5; i++) {
                p.step(32, 0.5);
            }
            assertEquals(5, p.secondsLeft(5.0), "not 5 s / 95 minibatches each, as if the earlier session's 90 took no time");
        }
    }

    @Test
    void aFreshEpochEstimatesFromAllItsMinibatches() {
        try (Progress p = Progress.start("epoch 1/2", 100, 0, 1000)) {
            for (int i = 0; i < 20; i++) {
                p.step(32, 0.5);
            }
            assertEquals(40, p.secondsLeft(10.0), "0.5 s each, 80 left");
        }
    }
}
