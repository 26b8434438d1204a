package cnnlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cnnlab.reference.GridAssertions;

/**
 * Pins every finding of the three-way check on the slides' worked examples, so that any change to
 * a finding (a new one, one that disappears, a different value) fails here.
 */
class SlideFindingsTest {

    private static VerificationReport report;
    private static final ExampleBook BOOK = ExampleBook.load();

    @BeforeAll
    static void check() {
        report = VerificationReport.check(BOOK.all(), KnownFindings.load());
    }

    @Test
    void everyDisagreementIsPinnedAndEveryPinIsFound() {
        assertEquals(List.of(), report.unexpected());
        assertEquals(List.of(), report.stale());
        assertTrue(report.asExpected());
    }

    /**
     * What docs/verification.md says of the 198 cells: 63 have a printed value and are compared three
     * ways (61 agree, 2 are errata); the other 135 (the exercise and the derived examples) are compared
     * two ways, reference against DL4J, and all agree.
     */
    @Test
    void threeWayAndTwoWayCellCounts() {
        int printed = 0;
        int unprinted = 0;
        for (ExampleResult r : report.results()) {
            if (r.example().printed() != null) {
                printed += r.cells();
            } else {
                unprinted += r.cells();
            }
        }
        assertEquals(63, printed, "cells with a printed value (three-way)");
        assertEquals(135, unprinted, "cells without one (reference against DL4J)");
        assertEquals(198, report.summary().cells());
        long twoWayDisagreements = report.results().stream().filter(r -> r.example().printed() == null)
                .mapToLong(r -> r.disagreements().size()).sum();
        assertEquals(0, twoWayDisagreements);
        assertEquals(2, report.summary().errata());
    }

    @Test
    void totals() {
        VerificationReport.Summary s = report.summary();
        assertEquals(16, s.examples());
        assertEquals(198, s.cells());
        assertEquals(2, s.errata());
        assertEquals(0, s.deviations());
    }

    @Test
    void maxPoolingSlidePrints6WhereTheWindowHolds7() {
        Disagreement d = only("max-pooling");
        assertEquals(0, d.row());
        assertEquals(1, d.col());
        assertEquals(6.0, d.slide());
        assertEquals(7.0, d.reference());
        assertEquals(7.0, d.dl4j());
        assertEquals(Verdict.SLIDE_ERRATUM, d.verdict());
        assertEquals("max(2, 2, 7, 3, 2, 6, 2, 5, 6) = 7", d.arithmetic());
    }

    @Test
    void sumPoolingSlidePrints17WhereTheWindowSumsTo21() {
        Disagreement d = only("sum-pooling");
        assertEquals(1, d.row());
        assertEquals(1, d.col());
        assertEquals(17.0, d.slide());
        assertEquals(21.0, d.reference());
        assertEquals(21.0, d.dl4j());
        assertEquals(Verdict.SLIDE_ERRATUM, d.verdict());
        assertEquals("3 + 2 + 3 + 3 + 2 + 1 + 2 + 3 + 2 = 21", d.arithmetic());
    }

    @Test
    void everyOtherPrintedCellAgreesWithReferenceAndDl4j() {
        for (ExampleResult r : report.results()) {
            String id = r.example().id();
            if (!id.equals("max-pooling") && !id.equals("sum-pooling")) {
                assertEquals(List.of(), r.disagreements(), id);
            }
        }
    }

    @Test
    void theExerciseAnswerIsTheSlidesLaterAnswer() {
        GridAssertions.assertGridEquals(BOOK.get("calc-2").printed(), result("calc-2-exercise").reference(), 0);
    }

    @Test
    void nhwcGivesTheSameAnswersAsNchw() {
        for (Example e : BOOK.all()) {
            GridAssertions.assertGridEquals(ThreeWayCheck.dl4j(e, CNN2DFormat.NCHW), ThreeWayCheck.dl4j(e, CNN2DFormat.NHWC), 1e-9);
        }
    }

    @Test
    void anUnpinnedFindingIsUnexpected() {
        VerificationReport bare = VerificationReport.check(BOOK.all(), KnownFindings.of(List.of()));
        assertEquals(2, bare.unexpected().size());
        assertFalse(bare.asExpected());
    }

    @Test
    void aPinThatNoLongerOccursIsStale() {
        KnownFindings.Finding ghost = new KnownFindings.Finding("calc-1", 0, 0, Verdict.SLIDE_ERRATUM, 61.0, 60, "never true");
        VerificationReport r = VerificationReport.check(List.of(BOOK.get("calc-1")), KnownFindings.of(List.of(ghost)));
        assertEquals(List.of(ghost), r.stale());
        assertFalse(r.asExpected());
    }

    @Test
    void theExerciseHasNoSlideColumnAndNoDisagreement() {
        assertNull(BOOK.get("calc-2-exercise").printed());
        assertEquals(List.of(), result("calc-2-exercise").disagreements());
    }

    private static ExampleResult result(String id) {
        return report.results().stream().filter(r -> r.example().id().equals(id)).findFirst().orElseThrow();
    }

    private static Disagreement only(String id) {
        List<Disagreement> ds = result(id).disagreements();
        assertEquals(1, ds.size(), id + ": " + ds);
        return ds.get(0);
    }
}
