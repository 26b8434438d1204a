package cnnlab.metrics;

/**
 * Which runs of a comparison (a sweep) differ from the best one by less than the test set's noise:
 * a run is marked when its bootstrap 95% interval overlaps the best run's interval. Overlapping
 * intervals are a cautious rule (two runs can differ significantly with slightly overlapping
 * intervals, and a paired test on the same images would be sharper), but a difference whose intervals
 * overlap is not one to build a conclusion on.
 */
public final class Noise {

    private Noise() {
    }

    /**
     * For each run, whether it is within the noise of the best: not the best itself, and its interval
     * overlaps the best's. Runs without a value or interval are never marked.
     *
     * @param values the runs' metric values (NaN where none), higher is better
     * @param intervals their 95% intervals ({@code null} where none)
     */
    public static boolean[] withinNoiseOfBest(double[] values, Bootstrap.Interval[] intervals) {
        int best = best(values, intervals);
        boolean[] marks = new boolean[values.length];
        for (int i = 0; i < values.length && best >= 0; i++) {
            marks[i] = i != best && !Double.isNaN(values[i]) && intervals[i] != null && intervals[i].overlaps(intervals[best]);
        }
        return marks;
    }

    /** The index of the best run with an interval, or -1. */
    public static int best(double[] values, Bootstrap.Interval[] intervals) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && intervals[i] != null && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }
}
