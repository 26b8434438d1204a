package cnnlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** known-findings.yaml is bound to records: what it may hold, and that matching happens in the report. */
class KnownFindingsTest {

    private static KnownFindings read(String yaml) throws Exception {
        return KnownFindings.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shippedFileBindsTheTwoErrata() {
        List<KnownFindings.Finding> all = KnownFindings.load().all();
        assertEquals(2, all.size());
        assertEquals(new KnownFindings.Finding("max-pooling", 0, 1, Verdict.SLIDE_ERRATUM, 6.0, 7, all.get(0).why()), all.get(0));
        assertTrue(all.get(0).why().startsWith("The window of output (0,1)"), all.get(0).why());
    }

    @Test
    void aMissingFieldAnUnknownKeyAndAnUnknownVerdictAreRefused() {
        String ok = "findings:\n  - {example: a, row: 0, col: 1, verdict: dl4j-deviation, reference: 2}\n";
        assertEquals(1, assertDoesNotThrowRead(ok).all().size());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> read("findings:\n  - {example: a, col: 1, verdict: slide-erratum, reference: 2}\n"));
        assertTrue(missing.getMessage().contains("row"), missing.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> read("findings:\n  - {example: a, row: 0, col: 1, verdict: slide-erratum, reference: 2, colour: red}\n"));
        assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
        IllegalStateException verdict = assertThrows(IllegalStateException.class,
                () -> read("findings:\n  - {example: a, row: 0, col: 1, verdict: wrong, reference: 2}\n"));
        assertTrue(verdict.getMessage().contains("wrong"), verdict.getMessage());
    }

    @Test
    void theReportCarriesTheMatchTheRenderersPrint() {
        ExampleBook book = ExampleBook.load();
        VerificationReport report = VerificationReport.check(List.of(book.get("max-pooling")), KnownFindings.load());
        Disagreement d = report.results().get(0).disagreements().get(0);
        assertEquals("max-pooling", report.knownFinding(d).orElseThrow().example());
        VerificationReport bare = VerificationReport.check(List.of(book.get("max-pooling")), KnownFindings.of(List.of()));
        Disagreement again = bare.results().get(0).disagreements().get(0);
        assertTrue(bare.knownFinding(again).isEmpty());
        assertTrue(TextReport.render(bare).contains("NOT a known finding"));
        assertTrue(JsonReport.render(bare).contains("\"known\" : null") || JsonReport.render(bare).contains("\"known\":null"));
    }

    private static KnownFindings assertDoesNotThrowRead(String yaml) {
        try {
            return read(yaml);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
