package cnnlab.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads grids of numbers written as text, one row per line, numbers separated by spaces, tabs or
 * commas; a blank line starts the next channel; {@code #} starts a comment. Errors name the source
 * and the line.
 *
 * <p>A line holding only {@code ---} starts the next block: the next filter of a kernel file with
 * several filters ({@link #parseBlocks}). Lines may end in LF, CRLF or a lone CR (old Mac editors); a
 * UTF-8 byte-order mark at the start is skipped. A number written with a decimal comma
 * ({@code 1,5 2,5}) is refused rather than read as two numbers: a comma separates numbers only in a
 * row without spaces ({@code 1,2,3}) or with a space after it ({@code 1, 2, 3}). At most
 * {@code maxCells} numbers are read, line by line, so that a huge file gives one line of error
 * instead of filling the memory.
 */
public final class GridText {

    /** How many numbers one file may hold unless the user raises it (a 1000 x 1000 grid). */
    public static final long DEFAULT_MAX_CELLS = 1_000_000;

    /** The line that separates blocks (filters). */
    public static final String BLOCK_SEPARATOR = "---";

    /** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    /** A number with a decimal comma, standing between whitespace: {@code 1,5} or {@code -0,25}. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d+,\\d+");

    private GridText() {
    }

    /**
     * Parses {@code text} into {@code [channels][rows][cols]}.
     *
     * @param source named in error messages (a file name or "slide-examples.yaml: calc-1 input")
     * @throws GridFormatException with source and line on a non-number, a ragged row, channels of
     *     different sizes, a block separator, or no numbers at all
     */
    public static double[][][] parse(String text, String source) {
        try {
            return parse(new StringReader(text), source, Long.MAX_VALUE, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringReader does not fail
        }
    }

    /**
     * Parses the one grid {@code in} holds, reading at most {@code maxCells} numbers.
     *
     * @param limitSetting how the user raises {@code maxCells}, named in the error, or {@code null}
     * @throws GridFormatException as {@link #parse(String, String)}, and beyond {@code maxCells} numbers
     * @throws IOException when reading fails
     */
    public static double[][][] parse(Reader in, String source, long maxCells, String limitSetting) throws IOException {
        List<Block> blocks = read(in, source, maxCells, limitSetting);
        if (blocks.size() > 1) {
            throw new GridFormatException(source, blocks.get(1).separatorLine, "'" + BLOCK_SEPARATOR
                    + "' separates the filters of a kernel file; this file holds one grid");
        }
        return blocks.get(0).grid(source);
    }

    /**
     * Parses the blocks {@code in} holds, separated by lines of {@code ---}: the filters of a kernel file.
     * All blocks must have the same shape.
     */
    public static List<double[][][]> parseBlocks(Reader in, String source, long maxCells, String limitSetting) throws IOException {
        List<Block> blocks = read(in, source, maxCells, limitSetting);
        List<double[][][]> grids = new ArrayList<>();
        for (Block b : blocks) {
            double[][][] g = b.grid(source);
            if (!grids.isEmpty() && !shape(g).equals(shape(grids.get(0)))) {
                throw new GridFormatException(source, b.firstLines.get(0), "filter " + (grids.size() + 1) + " is " + shape(g)
                        + " (channels x rows x columns), filter 1 is " + shape(grids.get(0)) + "; all filters need one shape");
            }
            grids.add(g);
        }
        return grids;
    }

    /** Parses a text that must hold exactly one channel. */
    public static double[][] parseSingle(String text, String source) {
        double[][][] grid = parse(text, source);
        if (grid.length != 1) {
            throw new GridFormatException(source, 0, "expected one grid, found " + grid.length + " separated by blank lines");
        }
        return grid[0];
    }

    private static String shape(double[][][] g) {
        return g.length + "x" + g[0].length + "x" + g[0][0].length;
    }

    /** The channels of one block as they are read, with the line each channel starts on. */
    private static final class Block {
        final int separatorLine;
        final List<List<double[]>> channels = new ArrayList<>();
        final List<Integer> firstLines = new ArrayList<>();
        List<double[]> current = new ArrayList<>();

        Block(int separatorLine) {
            this.separatorLine = separatorLine;
        }

        void endChannel() {
            if (!current.isEmpty()) {
                channels.add(current);
                current = new ArrayList<>();
            }
        }

        void add(double[] row, String source, int line) {
            if (current.isEmpty()) {
                firstLines.add(line);
            }
            if (!current.isEmpty() && row.length != current.get(0).length) {
                throw new GridFormatException(source, line, "row has " + row.length + " numbers, the rows above have "
                        + current.get(0).length + " (ragged rows)");
            }
            if (!channels.isEmpty() && current.isEmpty() && row.length != channels.get(0).get(0).length) {
                throw new GridFormatException(source, line, "channel " + (channels.size() + 1) + " has " + row.length
                        + " columns, channel 1 has " + channels.get(0).get(0).length);
            }
            current.add(row);
            if (!channels.isEmpty() && current.size() > channels.get(0).size()) {
                throw new GridFormatException(source, line, "channel " + (channels.size() + 1) + " has more rows than channel 1 ("
                        + channels.get(0).size() + ")");
            }
        }

        double[][][] grid(String source) {
            endChannel();
            if (channels.isEmpty()) {
                throw new GridFormatException(source, separatorLine, separatorLine == 0 ? "no numbers found"
                        : "no numbers after the '" + BLOCK_SEPARATOR + "' on this line");
            }
            int rows = channels.get(0).size();
            for (int c = 1; c < channels.size(); c++) {
                if (channels.get(c).size() != rows) {
                    throw new GridFormatException(source, firstLines.get(c), "channel " + (c + 1) + " has " + channels.get(c).size()
                            + " rows, channel 1 has " + rows);
                }
            }
            double[][][] out = new double[channels.size()][][];
            for (int c = 0; c < channels.size(); c++) {
                out[c] = channels.get(c).toArray(new double[0][]);
            }
            return out;
        }
    }

    private static List<Block> read(Reader in, String source, long maxCells, String limitSetting) throws IOException {
        List<Block> blocks = new ArrayList<>();
        Block block = new Block(0);
        blocks.add(block);
        BufferedReader lines = new BufferedReader(in);   // readLine ends a line at LF, CRLF and a lone CR
        long cellsRead = 0;
        String next;
        for (int i = 1; (next = lines.readLine()) != null; i++) {
            String line = i == 1 && next.startsWith("\uFEFF") ? next.substring(1) : next;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.equals(BLOCK_SEPARATOR)) {
                block = new Block(i);
                blocks.add(block);
                continue;
            }
            if (line.isEmpty()) {
                block.endChannel();
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length > 1) {
                for (String word : words) {
                    if (DECIMAL_COMMA.matcher(word).matches()) {
                        throw new GridFormatException(source, i, "'" + word + "' looks like a decimal comma; write "
                                + word.replace(',', '.') + " (a comma separates numbers only as in 1,2,3 or 1, 2, 3)");
                    }
                }
            }
            String[] cells = Arrays.stream(line.split("[\\s,;]+")).filter(c -> !c.isEmpty()).toArray(String[]::new);
            cellsRead += cells.length;
            if (cellsRead > maxCells) {
                throw new GridFormatException(source, i, "more than " + maxCells + " numbers; cnnlab reads at most " + maxCells
                        + " per file" + (limitSetting == null ? "" : " (raise it with " + limitSetting + ")"));
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                if (!NUMBER.matcher(cells[c]).matches()) {
                    throw new GridFormatException(source, i, "'" + cells[c] + "' is not a number");
                }
                row[c] = Double.parseDouble(cells[c]);
                if (!Double.isFinite(row[c])) {
                    throw new GridFormatException(source, i, "'" + cells[c] + "' is too large");
                }
            }
            block.add(row, source, i);
        }
        return blocks;
    }
}
