package cnnlab.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Reading grids from text, and the one-line errors for bad text. */
class GridTextTest {

    @Test
    void readsTabsSpacesCommasAndComments() {
        double[][][] g = GridText.parse("# a kernel\n1\t0 -1\n2, 0, -2.5  # row two\n", "k.txt");
        assertEquals(1, g.length);
        assertArrayEquals(new double[] {1, 0, -1}, g[0][0]);
        assertArrayEquals(new double[] {2, 0, -2.5}, g[0][1]);
    }

    @Test
    void blankLinesSeparateChannels() {
        double[][][] g = GridText.parse("1 2\n3 4\n\n\n5 6\n7 8\n", "x.txt");
        assertEquals(2, g.length);
        assertEquals(8, g[1][1][1]);
    }

    @Test
    void raggedRowNamesFileAndLine() {
        GridFormatException e = assertThrows(GridFormatException.class, () -> GridText.parse("1 2 3\n4 5\n", "m.txt"));
        assertEquals("m.txt:2: row has 2 numbers, the rows above have 3 (ragged rows)", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void nonNumberNamesFileAndLine() {
        GridFormatException e = assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n\n3 x\n", "m.txt"));
        assertEquals("m.txt:3: 'x' is not a number", e.getMessage());
    }

    @Test
    void onlyPlainDecimalNumbersAreAccepted() {
        for (String bad : new String[] {"Infinity", "NaN", "0x1p1", "1d", "2f", "1e999"}) {
            assertThrows(GridFormatException.class, () -> GridText.parse("1 " + bad + "\n", "m.txt"), bad);
        }
        assertArrayEquals(new double[] {-1.5, 0.25, 300, 2}, GridText.parse("-1.5 .25 3e2 +2\n", "m.txt")[0][0]);
        assertArrayEquals(new double[] {1, 2}, GridText.parse(", 1, 2,\n", "m.txt")[0][0], "leading and trailing commas");
    }

    @Test
    void aShortMiddleChannelIsReportedAtItsOwnFirstLine() {
        assertEquals("m.txt:4: channel 2 has 1 rows, channel 1 has 2",
                assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n3 4\n\n1 2\n\n5 6\n7 8\n", "m.txt")).getMessage());
    }

    @Test
    void channelsOfDifferentSizesAreRefused() {
        assertEquals("m.txt:4: channel 2 has 3 columns, channel 1 has 2",
                assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n3 4\n\n1 2 3\n", "m.txt")).getMessage());
        assertEquals("m.txt:4: channel 2 has 1 rows, channel 1 has 2",
                assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n3 4\n\n1 2\n", "m.txt")).getMessage());
        assertEquals("m.txt:6: channel 2 has more rows than channel 1 (2)",
                assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n3 4\n\n1 2\n1 2\n1 2\n", "m.txt")).getMessage());
    }

    @Test
    void emptyTextIsRefused() {
        assertEquals("m.txt: no numbers found",
                assertThrows(GridFormatException.class, () -> GridText.parse("# nothing\n\n", "m.txt")).getMessage());
    }

    @Test
    void aDecimalCommaIsRefusedNamingFileAndLine() {
        GridFormatException e = assertThrows(GridFormatException.class, () -> GridText.parse("1 2\n1,5 2,5\n", "m.txt"));
        assertEquals("m.txt:2: '1,5' looks like a decimal comma; write 1.5 (a comma separates numbers only as in 1,2,3 or 1, 2, 3)",
                e.getMessage());
        assertArrayEquals(new double[] {1, 5, 2}, GridText.parse("1,5,2\n", "m.txt")[0][0], "commas alone separate");
        assertArrayEquals(new double[] {1, 5, 2}, GridText.parse("1, 5, 2\n", "m.txt")[0][0], "comma and space separate");
    }

    @Test
    void aByteOrderMarkAndEveryLineEndingAreRead() {
        double[][][] expected = {{{1, 2}, {3, 4}}};
        for (String text : new String[] {"\uFEFF1 2\n3 4\n", "1 2\r\n3 4\r\n", "1 2\r3 4\r", "1 2\r3 4"}) {
            double[][][] g = GridText.parse(text, "m.txt");
            assertEquals(java.util.Arrays.deepToString(expected), java.util.Arrays.deepToString(g), text);
        }
        assertEquals(2, GridText.parse("1 2\r\r3 4\r", "m.txt").length, "a blank CR-only line separates channels");
    }

    @Test
    void moreNumbersThanTheLimitIsOneErrorNamingTheSetting() {
        GridFormatException e = assertThrows(GridFormatException.class,
                () -> GridText.parse(new java.io.StringReader("1 2 3\n4 5 6\n7 8 9\n"), "m.txt", 5, "--max-cells N"));
        assertEquals("m.txt:2: more than 5 numbers; cnnlab reads at most 5 per file (raise it with --max-cells N)", e.getMessage());
    }

    @Test
    void blocksSeparateFilters() throws Exception {
        var blocks = GridText.parseBlocks(new java.io.StringReader("1 2\n3 4\n---\n5 6\n7 8\n"), "k.txt", 100, null);
        assertEquals(2, blocks.size());
        assertEquals(8, blocks.get(1)[0][1][1]);
        GridFormatException shape = assertThrows(GridFormatException.class,
                () -> GridText.parseBlocks(new java.io.StringReader("1 2\n3 4\n---\n5 6\n"), "k.txt", 100, null));
        assertEquals("k.txt:4: filter 2 is 1x1x2 (channels x rows x columns), filter 1 is 1x2x2; all filters need one shape",
                shape.getMessage());
        GridFormatException one = assertThrows(GridFormatException.class, () -> GridText.parse("1\n---\n2\n", "x.txt"));
        assertEquals("x.txt:2: '---' separates the filters of a kernel file; this file holds one grid", one.getMessage());
    }
}
