package cnnlab.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of checking a set of examples three ways: each example's result, the findings matched
 * against the pinned ones, and the totals.
 *
 * @param results one per example, in order
 * @param unexpected disagreements that no pinned finding explains, as "example (row, col): ..."
 * @param stale pinned findings (of the examples checked) that no longer occur
 * @param matched the pinned finding of each disagreement that has one, by identity: disagreements are
 *     matched against the pins here and only here, and the reports read the match with {@link #knownFinding}
 */
public record VerificationReport(List<ExampleResult> results, List<String> unexpected, List<KnownFindings.Finding> stale,
                                 Map<Disagreement, KnownFindings.Finding> matched) {

    /**
     * Totals for the summary line.
     *
     * @param examples examples checked
     * @param cells output cells compared
     * @param errata slide errata found
     * @param deviations DL4J deviations found
     * @param unexpected findings not pinned, plus pinned ones no longer found
     */
    public record Summary(int examples, int cells, int errata, int deviations, int unexpected) {
    }

    /** Checks {@code examples} and matches what they show against {@code known}. */
    public static VerificationReport check(List<Example> examples, KnownFindings known) {
        List<ExampleResult> results = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<KnownFindings.Finding> seen = new ArrayList<>();
        Map<Disagreement, KnownFindings.Finding> matched = new IdentityHashMap<>();
        for (Example e : examples) {
            ExampleResult r = ThreeWayCheck.run(e);
            results.add(r);
            int[] shape = e.expectedShape();
            if (shape != null && (shape[0] != r.reference().length || shape[1] != r.reference()[0].length)) {
                unexpected.add(e.id() + ": output is " + r.reference().length + "x" + r.reference()[0].length
                        + ", the example expects " + shape[0] + "x" + shape[1]);
            }
            for (Disagreement d : r.disagreements()) {
                known.explain(e.id(), d).ifPresentOrElse(f -> {
                    seen.add(f);
                    matched.put(d, f);
                }, () -> unexpected.add(e.id() + " (" + d.row() + ", "
                        + d.col() + "): " + d.verdict().label() + ", slide " + d.slide() + ", reference " + d.reference()
                        + ", DL4J " + d.dl4j()));
            }
        }
        Set<String> checked = examples.stream().map(Example::id).collect(Collectors.toSet());
        List<KnownFindings.Finding> stale = known.all().stream()
                .filter(f -> checked.contains(f.example()) && !seen.contains(f)).toList();
        return new VerificationReport(results, unexpected, stale, Collections.unmodifiableMap(matched));
    }

    /** The pinned finding that explains {@code d} (a disagreement of this report), if any. */
    public Optional<KnownFindings.Finding> knownFinding(Disagreement d) {
        return Optional.ofNullable(matched.get(d));
    }

    /** Whether every disagreement is a pinned finding and every pinned finding still occurs. */
    public boolean asExpected() {
        return unexpected.isEmpty() && stale.isEmpty();
    }

    /** The totals. */
    public Summary summary() {
        int cells = results.stream().mapToInt(ExampleResult::cells).sum();
        long errata = count(Verdict.SLIDE_ERRATUM);
        long deviations = count(Verdict.DL4J_DEVIATION);
        return new Summary(results.size(), cells, (int) errata, (int) deviations, unexpected.size() + stale.size());
    }

    private long count(Verdict v) {
        return results.stream().flatMap(r -> r.disagreements().stream()).filter(d -> d.verdict() == v).count();
    }
}
