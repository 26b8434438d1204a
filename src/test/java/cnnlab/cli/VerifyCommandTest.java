package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code cnnlab verify}: the report, --json, --explain, a student's own matrices, and one-line errors. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void reportOfTheSlidesExitsZero() {
        CliRun run = CliRun.of("verify");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("== max-pooling: MAXPOOLING"), run.out());
        assertTrue(run.out().contains("* (0, 1) slide-erratum: slide 6, reference 7, DL4J 7"), run.out());
        assertTrue(run.out().contains("Summary: 16 examples, 198 cells checked, 2 slide errata, 0 DL4J deviations, 0 unexpected"));
    }

    @Test
    void jsonReportIsValidJson() throws IOException {
        CliRun run = CliRun.of("verify", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals(16, root.get("examples").size());
        assertEquals(2, root.get("summary").get("slideErrata").asInt());
    }

    @Test
    void oneExampleOnly() {
        CliRun run = CliRun.of("verify", "--example", "edge-detection");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Summary: 1 examples, 9 cells checked"), run.out());
    }

    @Test
    void explainWritesOutTheProducts() {
        CliRun run = CliRun.of("verify", "--explain", "calc-1", "0", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("10×0 + 6×2 + 8×1 + 7×1 + 8×3 + 5×0 + 9×1 + 0×2 + 6×0 = 60"), run.out());
        assertTrue(run.out().contains("slide: 60, reference: 60, DL4J: 60"), run.out());
    }

    @Test
    void explainShowsThePoolingWindowOfAnErratum() {
        CliRun run = CliRun.of("verify", "--explain", "max-pooling", "0", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("max(2, 2, 7, 3, 2, 6, 2, 5, 6) = 7"), run.out());
        assertTrue(run.out().contains("slide: 6, reference: 7, DL4J: 7"), run.out());
    }

    @Test
    void explainOutsideTheOutputIsAUserError() {
        assertUserError(CliRun.of("verify", "--explain", "calc-1", "3", "0"), "is outside the 3x3 output of calc-1");
        assertUserError(CliRun.of("verify", "--explain", "nope", "0", "0"), "no example 'nope'");
        assertUserError(CliRun.of("verify", "--explain", "calc-1", "a", "0"), "ROW must be a whole number");
    }

    @Test
    void studentsOwnConvolution() throws IOException {
        Path x = write("x.txt", "1 2 3\n4 5 6\n7 8 9\n");
        Path k = write("k.txt", "1 0\n0 -1\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--padding", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Summary: 1 examples, 16 cells checked, 0 slide errata, 0 DL4J deviations, 0 unexpected"),
                run.out());
        CliRun explain = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--explain", "input", "1", "1");
        assertTrue(explain.out().contains("5×1 + 6×0 + 8×0 + 9×-1 = -4"), explain.out());
    }

    @Test
    void studentsOwnPoolingWithStrideAndBothDivisors() throws IOException {
        Path x = write("x.txt", "1 2 3 4\n5 6 7 8\n9 10 11 12\n13 14 15 16\n");
        for (String pool : new String[] {"max", "avg", "sum"}) {
            CliRun run = CliRun.of("verify", "--input", x.toString(), "--pool", pool, "--size", "2", "--stride", "2", "--padding", "1");
            assertEquals(0, run.exitCode(), pool + ": " + run.err());
        }
        CliRun excl = CliRun.of("verify", "--input", x.toString(), "--pool", "avg", "--size", "2", "--padding", "1",
                "--exclude-pad-from-average", "--explain", "input", "0", "0");
        assertTrue(excl.out().contains("(pad 0 + pad 0 + pad 0 + 1) / 1 = 1"), excl.out());
    }

    @Test
    void raggedMatrixNamesFileAndLine() throws IOException {
        Path x = write("x.txt", "1 2 3\n4 5\n");
        Path k = write("k.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString()),
                x + ":2: row has 2 numbers, the rows above have 3 (ragged rows)");
    }

    @Test
    void nonNumberNamesFileAndLine() throws IOException {
        Path x = write("x.txt", "1 2\n3 4\n");
        Path k = write("k.txt", "1 0\n0 one\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString()), k + ":2: 'one' is not a number");
    }

    @Test
    void kernelLargerThanPaddedInput() throws IOException {
        Path x = write("x.txt", "1 2\n3 4\n");
        Path k = write("k.txt", "1 1 1 1\n1 1 1 1\n1 1 1 1\n1 1 1 1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString()),
                k + ": 4x4 window does not fit the 2x2 input " + x + " with padding 0");
        assertEquals(0, CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--padding", "1").exitCode());
    }

    @Test
    void kernelChannelsMustMatchInput() throws IOException {
        Path x = write("x.txt", "1 2\n3 4\n\n5 6\n7 8\n");
        Path k = write("k.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString()), "a kernel on C channels is C x kH x kW");
    }

    @Test
    void missingFileAndBadOptions() throws IOException {
        Path x = write("x.txt", "1 2\n3 4\n");
        assertUserError(CliRun.of("verify", "--input", dir.resolve("none.txt").toString(), "--pool", "max", "--size", "1"),
                "none.txt: input file not found");
        assertUserError(CliRun.of("verify", "--input", x.toString()), "give exactly one of --kernel");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--pool", "median", "--size", "2"), "--pool must be max, avg or sum");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--pool", "max"), "--pool needs --size");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--pool", "max", "--size", "1", "--stride", "0"),
                "--stride must be >= 1");
        assertUserError(CliRun.of("verify", "--example", "nope"), "no example 'nope'");
    }

    @Test
    void combinationsThatCannotWorkAreRefused() throws IOException {
        Path x = write("x.txt", "1 2\n3 4\n");
        Path two = write("two.txt", "1 2\n3 4\n\n5 6\n7 8\n");
        Path k = write("k.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", two.toString(), "--pool", "max", "--size", "2"), "pooling is checked one channel at a time");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--pool", "max", "--size", "1", "--padding", "1"),
                "sees only padding; use a padding smaller than the window");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--size", "2"), "--size is the pooling window");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--example", "calc-1"),
                "cannot be combined with --input");
        assertUserError(CliRun.of("verify", "--explain", "calc-1", "1"), "requires at least 3 values");
        assertEquals(0, CliRun.of("verify", "--input", x.toString(), "--pool", "sum", "--size", "1", "--padding", "1").exitCode(),
                "a sum over padding alone is 0, not an error");
    }

    @Test
    void unknownOptionExitsTwo() {
        CliRun run = CliRun.of("verify", "--frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
    }

    @Test
    void sameModeDilationAndRectangularKernelAreCheckedThreeWays() throws IOException {
        Path x = write("x.txt", "1 2 3 4\n5 6 7 8\n9 10 11 12\n13 14 15 16\n");
        Path k = write("k.txt", "1 2 3\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "same", "--dilation", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("conv, kernel 1x3, stride 1, dilation 2x2, padding 0, mode SAME"), run.out());
        assertTrue(run.out().contains("Summary: 1 examples, 16 cells checked, 0 slide errata, 0 DL4J deviations, 0 unexpected"),
                run.out());
        // row 0, col 0 in Same mode, dilation 2: padding 2 on the left, so 1*pad + 2*1 + 3*3 = 11
        CliRun explain = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "same", "--dilation", "2",
                "--explain", "input", "0", "0");
        assertTrue(explain.out().contains("= 11"), explain.out());
        CliRun strict = CliRun.of("verify", "--input", x.toString(), "--pool", "sum", "--size", "2x3", "--stride", "2,1",
                "--mode", "strict");
        assertEquals(0, strict.exitCode(), strict.err());
        assertTrue(strict.out().contains("sum, kernel 2x3, stride 2x1, padding 0, mode STRICT"), strict.out());
        assertTrue(strict.out().contains("4 cells checked"), strict.out());
    }

    @Test
    void perSidePaddingIsCheckedForConvolution() throws IOException {
        Path x = write("x.txt", "1 2 3\n4 5 6\n7 8 9\n");
        Path k = write("k.txt", "1 0\n0 -1\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--padding", "1,0,2,0", "--stride", "1,2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("padding top 1, bottom 0, left 2, right 0"), run.out());
        assertTrue(run.out().contains("6 cells checked, 0 slide errata, 0 DL4J deviations, 0 unexpected"), run.out());
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--pool", "max", "--size", "2", "--padding", "0,0,1,0"),
                "DL4J's pooling layers take one padding per axis");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--padding", "1,2,3"),
                "--padding takes 1 value (every side), 2 (rows,columns) or 4 (top,bottom,left,right), got 3");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "same", "--padding", "1"),
                "--mode same computes its own padding");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "causal"),
                "--mode causal is for 1-D layers");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "valid"),
                "--mode must be truncate, same or strict, got 'valid'");
    }

    @Test
    void severalFiltersFromRepeatedKernelsOrOneFileWithSeparators() throws IOException {
        Path x = write("x.txt", "1 2 3\n4 5 6\n7 8 9\n");
        Path k1 = write("k1.txt", "1 0\n0 -1\n");
        Path k2 = write("k2.txt", "0 1\n1 0\n---\n2 2\n2 2\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k1.toString(), "--kernel", k2.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("== input-f1: your matrices (" + x + ", " + k1 + ")"), run.out());
        assertTrue(run.out().contains("== input-f3: your matrices (" + x + ", " + k2 + " filter 2)"), run.out());
        assertTrue(run.out().contains("Summary: 3 examples, 12 cells checked, 0 slide errata, 0 DL4J deviations, 0 unexpected"),
                run.out());
        CliRun explain = CliRun.of("verify", "--input", x.toString(), "--kernel", k1.toString(), "--kernel", k2.toString(),
                "--explain", "input-f3", "0", "0");
        assertTrue(explain.out().contains("1×2 + 2×2 + 4×2 + 5×2 = 24"), explain.out());
        Path small = write("small.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k1.toString(), "--kernel", small.toString()),
                "the filters of one layer share one size");
    }

    @Test
    void jsonWorksWithExplain() throws IOException {
        Path x = write("x.txt", "1 2 3\n4 5 6\n7 8 9\n");
        Path k = write("k.txt", "1 0\n0 -1\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--explain", "input", "1", "1", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("input", root.get("id").asText());
        assertEquals(4, root.get("terms").size());
        assertEquals(9.0, root.get("terms").get(3).get("value").asDouble());
        assertEquals(-1.0, root.get("terms").get(3).get("weight").asDouble());
        assertEquals("5×1 + 6×0 + 8×0 + 9×-1 = -4", root.get("formula").asText());
        assertEquals(-4.0, root.get("reference").asDouble());
        assertEquals(-4.0, root.get("dl4j").asDouble());
        assertTrue(root.get("agree").asBoolean());
        JsonNode slide = new ObjectMapper().readTree(CliRun.of("verify", "--explain", "max-pooling", "0", "1", "--json").out());
        assertEquals(6.0, slide.get("slide").asDouble());
        assertEquals(7.0, slide.get("reference").asDouble());
        assertFalse(slide.get("agree").asBoolean(), "the slide erratum");
    }

    @Test
    void aHugeMatrixFileIsOneLineNamingTheLimit() throws IOException {
        Path x = dir.resolve("big.txt");
        String row = "1 ".repeat(5000).strip() + "\n";
        try (var out = Files.newBufferedWriter(x)) {
            for (int i = 0; i < 5000; i++) {
                out.write(row);
            }
        }
        Path k = write("k.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString()),
                x + ":201: more than 1000000 numbers; cnnlab reads at most 1000000 per file (raise it with --max-cells N)");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--max-cells", "1000"),
                "more than 1000 numbers can take; cnnlab reads at most 1000 numbers per file (raise it with --max-cells N)");
    }

    @Test
    void gridsLargerThanAScreenAreNotPrintedButChecked() throws IOException {
        Path x = write("x.txt", ("1 ".repeat(61).strip() + "\n").repeat(61));
        Path k = write("k.txt", "1 1\n1 1\n");
        CliRun run = CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("(grids not printed: the input is 61x61, more than 60 rows or columns; --json writes them out)"),
                run.out());
        assertTrue(run.out().contains("3600 cells checked, 0 slide errata, 0 DL4J deviations, 0 unexpected"), run.out());
    }

    @Test
    void decimalCommaByteOrderMarkAndOldMacLineEnds() throws IOException {
        Path k = write("k.txt", "1\n");
        Path comma = write("comma.txt", "1,5 2,5\n3,5 4,5\n");
        assertUserError(CliRun.of("verify", "--input", comma.toString(), "--kernel", k.toString()),
                comma + ":1: '1,5' looks like a decimal comma; write 1.5");
        Path bom = write("bom.txt", "\uFEFF1 2\r3 4\r");
        CliRun run = CliRun.of("verify", "--input", bom.toString(), "--pool", "avg", "--size", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 cells checked"), run.out());
        assertTrue(CliRun.of("verify", "--input", bom.toString(), "--pool", "avg", "--size", "2", "--explain", "input", "0", "0")
                .out().contains("(1 + 2 + 3 + 4) / 4 = 2.5"));
    }

    @Test
    void sameModeWhereDl4jPadsNegativelyIsOneLine() throws IOException {
        Path x = write("x.txt", "1\n2\n3\n");
        Path k = write("k.txt", "1\n");
        assertUserError(CliRun.of("verify", "--input", x.toString(), "--kernel", k.toString(), "--mode", "same", "--stride", "3,1"),
                "DL4J computes a negative Same-mode padding here");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertUserError(CliRun run, String expectedPart) {
        assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(1, run.errLines().length, "one line: " + run.err());
        assertTrue(run.err().startsWith("cnnlab: "), run.err());
        assertTrue(run.err().contains(expectedPart), "expected '" + expectedPart + "' in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }
}
