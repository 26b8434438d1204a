package cnnlab.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads grids of numbers written as text, one row per line, numbers separated by spaces, tabs or
 * commas; a blank line starts the next channel; {@code #} starts a comment. Errors name the source
 * and the line.
 */
public final class GridText {

    /** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private GridText() {
    }

    /**
     * Parses {@code text} into {@code [channels][rows][cols]}.
     *
     * @param source named in error messages (a file name or "slide-examples.yaml: calc-1 input")
     * @throws GridFormatException with source and line on a non-number, a ragged row, channels of
     *     different sizes, or no numbers at all
     */
    public static double[][][] parse(String text, String source) {
        List<List<double[]>> channels = new ArrayList<>();
        List<double[]> current = new ArrayList<>();
        List<Integer> firstLines = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    channels.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if (current.isEmpty()) {
                firstLines.add(i + 1);
            }
            String[] cells = java.util.Arrays.stream(line.split("[\\s,;]+")).filter(c -> !c.isEmpty()).toArray(String[]::new);
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                if (!NUMBER.matcher(cells[c]).matches()) {
                    throw new GridFormatException(source, i + 1, "'" + cells[c] + "' is not a number");
                }
                row[c] = Double.parseDouble(cells[c]);
                if (!Double.isFinite(row[c])) {
                    throw new GridFormatException(source, i + 1, "'" + cells[c] + "' is too large");
                }
            }
            if (!current.isEmpty() && row.length != current.get(0).length) {
                throw new GridFormatException(source, i + 1, "row has " + row.length + " numbers, the rows above have "
                        + current.get(0).length + " (ragged rows)");
            }
            if (!channels.isEmpty() && current.isEmpty()
                    && row.length != channels.get(0).get(0).length) {
                throw new GridFormatException(source, i + 1, "channel " + (channels.size() + 1) + " has " + row.length
                        + " columns, channel 1 has " + channels.get(0).get(0).length);
            }
            current.add(row);
            if (!channels.isEmpty() && current.size() > channels.get(0).size()) {
                throw new GridFormatException(source, i + 1, "channel " + (channels.size() + 1) + " has more rows than channel 1 ("
                        + channels.get(0).size() + ")");
            }
        }
        if (!current.isEmpty()) {
            channels.add(current);
        }
        if (channels.isEmpty()) {
            throw new GridFormatException(source, 0, "no numbers found");
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

    /** Parses a text that must hold exactly one channel. */
    public static double[][] parseSingle(String text, String source) {
        double[][][] grid = parse(text, source);
        if (grid.length != 1) {
            throw new GridFormatException(source, 0, "expected one grid, found " + grid.length + " separated by blank lines");
        }
        return grid[0];
    }
}
