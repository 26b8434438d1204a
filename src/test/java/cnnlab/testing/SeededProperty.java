package cnnlab.testing;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Runs a QuickTheories property with a fixed seed and a fixed number of examples, and fails unless the
 * property really ran on that many cases.
 *
 * <p>The seed makes every run draw the same cases (a failure names the seed and the shrunk case). The
 * count guards the number of tries: QuickTheories stops early when its generator runs out of new values,
 * and a property that silently checked fewer cases than it says would be a weaker test than it looks.
 * Cases a property leaves out (a pinned finding's region) are left out by the generator, with
 * {@link Gen#assuming}, so that every counted try is a real check.
 */
public final class SeededProperty {

    /**
     * How many draws one case may take to pass its generator's filters ({@link Gen#assuming}).
     * QuickTheories' default of 10 is far too few for filters such as "Strict mode, and the window fits".
     */
    static final int GENERATE_ATTEMPTS = 100_000;

    private SeededProperty() {
    }

    /**
     * Checks {@code property} on {@code tries} cases drawn from {@code cases} with {@code seed}.
     *
     * @return the number of cases the property ran on (at least {@code tries})
     */
    public static <T> int check(long seed, int tries, Gen<T> cases, Consumer<T> property) {
        int[] ran = {0};
        qt().withFixedSeed(seed).withExamples(tries + tries / 10 + 1).withGenerateAttempts(GENERATE_ATTEMPTS).forAll(cases).checkAssert(c -> {
            ran[0]++;
            property.accept(c);
        });
        if (System.getProperty("cnnlab.properties.log") != null) {
            System.out.println("property seed " + seed + ": " + ran[0] + " cases for " + tries + " tries");
        }
        if (ran[0] < tries) {
            throw new AssertionError("the property ran on " + ran[0] + " cases, fewer than its " + tries + " tries (seed " + seed + ")");
        }
        return ran[0];
    }

    /** Integers drawn uniformly from {@code min..max}, both included. */
    public static Gen<Integer> ints(int min, int max) {
        return Generate.range(min, max);
    }
}
