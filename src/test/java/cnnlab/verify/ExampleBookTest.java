package cnnlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import cnnlab.reference.OutputSize;

/** The transcription of the slides: every printed example is there, as printed, and derived sizes follow the formula. */
class ExampleBookTest {

    private final ExampleBook book = ExampleBook.load();

    @Test
    void holdsEveryWorkedExampleOfTheSlides() {
        List<String> printed = book.all().stream().filter(e -> e.expectedShape() == null).map(Example::id).toList();
        assertEquals(List.of("calc-1", "calc-1-repeat", "calc-2-exercise", "calc-2", "edge-detection", "max-pooling",
                "sum-pooling", "avg-pooling"), printed);
    }

    @Test
    void theExerciseHasNoPrintedOutput() {
        assertNull(book.get("calc-2-exercise").printed());
        assertNotNull(book.get("calc-2").printed());
    }

    @Test
    void gridsAreReadAsPrinted() {
        Example calc = book.get("calc-1");
        assertEquals(10, calc.input()[0][0][0]);
        assertEquals(2, calc.input()[0][4][4]);
        assertEquals(60, calc.printed()[0][0]);
        assertEquals(21, calc.printed()[2][2]);
        assertEquals(-1, book.get("edge-detection").kernel()[0][2][2]);
        assertEquals(5, book.get("max-pooling").input()[0].length);
    }

    @Test
    void printedParametersAreMarkedInferred() {
        book.all().stream().filter(e -> e.expectedShape() == null).forEach(e -> assertTrue(e.paramsInferred(), e.id()));
    }

    @Test
    void derivedShapesAgreeWithTheLabFormula() {
        for (Example e : book.all()) {
            if (e.expectedShape() == null) {
                continue;
            }
            int h = e.input()[0].length;
            int w = e.input()[0][0].length;
            int k = e.window().kernelH();
            int p = e.window().padding().top();
            int s = e.window().strideH();
            assertEquals(e.expectedShape()[0], OutputSize.of(h, k, p, s), e.id() + " rows");
            assertEquals(e.expectedShape()[1], OutputSize.of(w, k, p, s), e.id() + " cols");
        }
    }

    @Test
    void threeChannelExampleHasAThreeByThreeByThreeKernel() {
        Example e = book.get("three-channels");
        assertEquals(3, e.input().length);
        assertEquals(3, e.kernel().length);
        assertEquals(3, e.kernel()[0].length);
        assertEquals(3, e.kernel()[0][0].length);
    }

    @Test
    void unknownKeysInTheTranscriptionAreRefused() throws Exception {
        String yaml = "printed:\n  - id: a\n    slide: s\n    op: max\n    params: {size: 3, strid: 1}\n    input: |\n      1 2 3\n";
        var root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExampleBook.parse(root, "t.yaml"));
        assertTrue(e.getMessage().contains("unknown parameter 'strid'"), e.getMessage());
    }

    @Test
    void unknownIdIsReportedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.get("nope"));
        assertTrue(e.getMessage().contains("calc-1"), e.getMessage());
    }
}
