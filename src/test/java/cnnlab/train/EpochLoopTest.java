package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.config.ExperimentConfig;
import cnnlab.model.NetworkFactory;

/**
 * {@link EpochLoop}, the one minibatch loop of training and the benchmark: the dropout-seed rule,
 * and that an epoch stopped before a minibatch and continued from there (with dropout) ends with
 * exactly the parameters of the epoch run in one go.
 */
class EpochLoopTest {

    @TempDir
    Path runs;

    @Test
    void theDropoutSeedIsTheReproducibilityContract() {
        assertEquals(42L * 1_000_003L + 17, EpochLoop.dropoutSeed(42, 17));
        assertEquals(1_000_003L, EpochLoop.dropoutSeed(1, 0));
    }

    @Test
    void anEpochStoppedAndContinuedEqualsOneRunInOneGo() {
        ExperimentConfig c = TinyRuns.config(runs, 1, "model.layers[4].dropout=0.3", "data.trainLimit=256");
        TrainingData data = TrainingData.load(c);

        MultiLayerNetwork whole = NetworkFactory.create(c);
        ImageBatches batches = data.trainBatches(c.training.batchSize, c.seed);
        List<Long> seen = new ArrayList<>();
        EpochLoop.End end = EpochLoop.run(whole, batches, c.seed, 0, 0, (i, images, loss) -> {
            seen.add(i);
            assertTrue(images > 0 && Double.isFinite(loss));
        });
        int total = batches.batchesPerEpoch();
        assertEquals(total, end.nextIteration());
        assertEquals(null, end.stoppedBy());
        assertEquals(total, seen.size());
        assertEquals(List.of(0L, 1L, 2L), seen.subList(0, 3), "iterations counted from the first one given");

        MultiLayerNetwork parts = NetworkFactory.create(c);
        ImageBatches again = data.trainBatches(c.training.batchSize, c.seed);
        EpochLoop.End stopped = EpochLoop.run(parts, again, c.seed, 0, 2, new EpochLoop.Listener() {
            @Override
            public String stopBefore(long iteration) {
                return iteration == 3 ? "TEST" : null;
            }

            @Override
            public void fitted(long iteration, int images, double loss) {
                assertTrue(iteration < 3, "no minibatch taken once stopped: " + iteration);
            }
        });
        assertEquals(new EpochLoop.End(3, "TEST"), stopped);
        ImageBatches rest = data.trainBatches(c.training.batchSize, c.seed);
        rest.setEpoch(0);
        rest.skipBatches(3);
        assertEquals(new EpochLoop.End(total, null), EpochLoop.run(parts, rest, c.seed, 3, 0, (i, images, loss) -> { }));
        assertEquals(whole.params(), parts.params(), "bit-identical parameters, dropout included");
    }
}
