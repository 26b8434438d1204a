package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.reference.ConvolutionMode;
import cnnlab.reference.Padding;
import cnnlab.reference.Window2d;
import cnnlab.runtime.Backend;
import cnnlab.verify.Dl4jLayers;
import cnnlab.verify.Example;
import cnnlab.verify.ExampleBook;
import cnnlab.verify.GridFormatException;
import cnnlab.verify.GridText;
import cnnlab.verify.JsonReport;
import cnnlab.verify.KnownFindings;
import cnnlab.verify.Op;
import cnnlab.verify.TextReport;
import cnnlab.verify.VerificationReport;

/** {@code cnnlab verify}: the slides' worked examples, or a student's own matrices, checked three ways. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks the lab's worked examples three ways: the slide, the plain-Java reference and DL4J's layers.",
                "With --input, checks your own matrices (reference against DL4J)."},
        footer = {"", "Matrix files: one row per line, numbers separated by spaces, tabs or commas (a decimal point, not a",
                "decimal comma); a blank line starts the next channel; '#' starts a comment. A kernel file holds one",
                "filter with as many channels as the input; for several filters give --kernel once per filter, or put",
                "them in one file separated by a line '---'. Each filter is checked as its own example: input-f1, input-f2...",
                "", "Examples:",
                "  cnnlab verify --input x.txt --kernel k.txt --stride 2 --padding 1",
                "  cnnlab verify --input x.txt --kernel k.txt --mode same --dilation 2",
                "  cnnlab verify --input x.txt --kernel k.txt --padding 1,0,2,0     (top, bottom, left, right)",
                "  cnnlab verify --input x.txt --pool max --size 2x3 --stride 2,3",
                "  cnnlab verify --input x.txt --kernel k.txt --explain input 0 0 --json",
                "", "Exit codes: 0 every disagreement is a known finding; 1 an unexpected difference; 2 bad input."})
public final class VerifyCommand implements Callable<Integer> {

    /** The example id of a student's own matrices, for --explain (with several filters: input-f1, input-f2...). */
    static final String CUSTOM_ID = "input";

    /** The option that raises the size limit on matrix files. */
    static final String MAX_CELLS_OPTION = "--max-cells";

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report (or, with --explain, the calculation) as JSON.")
    boolean json;

    @Option(names = "--explain", arity = "3", paramLabel = "EXAMPLE ROW COL", hideParamSyntax = true,
            description = "Write out the calculation of one output cell (rows and columns from 0). "
                    + "With --input, EXAMPLE is '" + CUSTOM_ID + "' (or input-f2... with several filters).")
    List<String> explain;

    @Option(names = "--example", paramLabel = "ID", description = "Check only this example (see --list).")
    String only;

    @Option(names = "--list", description = "List the examples and exit.")
    boolean list;

    @ArgGroup(exclusive = false)
    Custom custom;

    /** A student's own matrices. */
    static final class Custom {
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input matrix (channels separated by blank lines).")
        Path input;

        @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel matrix, for a convolution; repeat it, or separate "
                + "filters in one file by a line '---', for several filters.")
        List<Path> kernels;

        @Option(names = "--pool", paramLabel = "max|avg|sum", description = "Pool instead of convolving.")
        String pool;

        @Option(names = "--size", paramLabel = "K|KHxKW", split = "x|,", description = "Pooling window: K x K, or KH x KW (e.g. 2x3).")
        int[] size;

        @Option(names = "--padding", paramLabel = "P|PH,PW|T,B,L,R", split = ",",
                description = "Zero padding: P on every side; PH above and below, PW left and right; or top, bottom, left, "
                        + "right (default 0). Not with --mode same, which computes its own.")
        int[] padding;

        @Option(names = "--stride", paramLabel = "S|SH,SW", split = ",", description = "Stride (default 1).")
        int[] stride;

        @Option(names = "--dilation", paramLabel = "D|DH,DW", split = ",",
                description = "Dilation: the window reads every D-th cell (default 1).")
        int[] dilation;

        @Option(names = "--mode", paramLabel = "truncate|same|strict", defaultValue = "truncate",
                description = "Output size rule, as DL4J's ConvolutionMode: truncate drops what does not fit (the slides' "
                        + "formula), same gives ceil(W / S) with its own padding, strict refuses a window that does not tile.")
        String mode;

        @Option(names = "--exclude-pad-from-average", description = "Average pooling: divide by the cells inside the image "
                + "rather than by the window size.")
        boolean excludePad;

        @Option(names = MAX_CELLS_OPTION, paramLabel = "N", defaultValue = "" + GridText.DEFAULT_MAX_CELLS,
                description = "Read at most N numbers per matrix file (default ${DEFAULT-VALUE}); larger inputs need more "
                        + "memory: CNNLAB_JAVA_OPTS=-Xmx4g.")
        long maxCells;
    }

    @Override
    public Integer call() {
        Backend.start();   // a backend that cannot run here is one line, before any work
        KnownFindings known = KnownFindings.load();
        ExampleBook book = ExampleBook.load();
        if (list) {
            book.all().forEach(e -> spec.commandLine().getOut().println(String.format("%-32s %s", e.id(), e.slide())));
            return 0;
        }
        if (custom != null && only != null) {
            throw new UserError("--example picks one of the slides' examples; it cannot be combined with --input");
        }
        List<Example> examples = custom != null ? customExamples(custom) : selected(book);
        if (explain != null) {
            return explain(examples, book);
        }
        try {
            VerificationReport report = VerificationReport.check(examples, known);
            String text = json ? JsonReport.render(report) : TextReport.render(report);
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return report.asExpected() ? 0 : 1;
        } catch (OutOfMemoryError e) {
            throw new UserError("out of memory checking " + describe(examples.get(0)) + " with a Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; use smaller matrices or give the JVM more, "
                    + "e.g. CNNLAB_JAVA_OPTS=-Xmx4g ./cnnlab verify ...");
        }
    }

    private static String describe(Example e) {
        return "a " + e.input().length + "x" + e.input()[0].length + "x" + e.input()[0][0].length + " input";
    }

    private List<Example> selected(ExampleBook book) {
        if (only == null) {
            return book.all();
        }
        try {
            return List.of(book.get(only));
        } catch (IllegalArgumentException e) {
            throw new UserError("--example: " + e.getMessage());
        }
    }

    private int explain(List<Example> examples, ExampleBook book) {
        String id = explain.get(0);
        Example example = examples.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() -> new UserError(
                "--explain: no example '" + id + "'; known: " + (custom != null ? CUSTOM_ID : book.ids())));
        int row = integer(explain.get(1), "ROW");
        int col = integer(explain.get(2), "COL");
        try {
            spec.commandLine().getOut().print(json ? JsonReport.explain(example, row, col) : TextReport.explain(example, row, col));
        } catch (IllegalArgumentException e) {
            throw new UserError("--explain: " + e.getMessage());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UserError("--explain: " + what + " must be a whole number, got '" + text + "'");
        }
    }

    /**
     * Builds the examples for --input, one per filter (pooling: one), with every file and value
     * problem as a one-line {@link UserError}.
     */
    static List<Example> customExamples(Custom c) {
        boolean conv = c.kernels != null && !c.kernels.isEmpty();
        if (conv == (c.pool != null)) {
            throw new UserError("give exactly one of --kernel FILE (convolution) or --pool max|avg|sum (pooling)");
        }
        ConvolutionMode mode = mode(c.mode);
        // no picocli defaults for these: picocli would add the given values to a default array
        Padding padding = padding(c.padding == null ? new int[] {0} : c.padding, mode);
        int[] stride = pair(c.stride == null ? new int[] {1} : c.stride, "--stride", 1);
        int[] dilation = pair(c.dilation == null ? new int[] {1} : c.dilation, "--dilation", 1);
        double[][][] input = readGrid(c.input, "input", c.maxCells);
        if (!conv) {
            return List.of(customPooling(c, input, mode, padding, stride, dilation));
        }
        if (c.size != null) {
            throw new UserError("--size is the pooling window (with --pool); a convolution's window is its --kernel file");
        }
        List<double[][][]> filters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path file : c.kernels) {
            List<double[][][]> inFile = readFilters(file, c.maxCells);
            for (int f = 0; f < inFile.size(); f++) {
                double[][][] k = inFile.get(f);
                String name = file + (inFile.size() > 1 ? " filter " + (f + 1) : "");
                if (k.length != input.length) {
                    throw new UserError(name + ": the kernel has " + k.length + " channel(s) but the input " + c.input + " has "
                            + input.length + "; a kernel on C channels is C x kH x kW (separate channels with a blank line)");
                }
                if (!filters.isEmpty() && (k[0].length != filters.get(0)[0].length || k[0][0].length != filters.get(0)[0][0].length)) {
                    throw new UserError(name + ": the kernel is " + k[0].length + "x" + k[0][0].length + " but " + names.get(0)
                            + " is " + filters.get(0)[0].length + "x" + filters.get(0)[0][0].length + "; the filters of one layer share one size");
                }
                filters.add(k);
                names.add(name);
            }
        }
        Window2d window = window(filters.get(0)[0].length, filters.get(0)[0][0].length, stride, dilation, padding, mode);
        checkFits(window, input, c, names.get(0) + ": ");
        List<Example> examples = new ArrayList<>();
        for (int f = 0; f < filters.size(); f++) {
            String id = filters.size() == 1 ? CUSTOM_ID : CUSTOM_ID + "-f" + (f + 1);
            String title = "your matrices (" + c.input + ", " + names.get(f) + ")";
            examples.add(checked(new Example(id, title, Op.CONV, window, true, input, filters.get(f), null, false, null), c));
        }
        return examples;
    }

    private static Example customPooling(Custom c, double[][][] input, ConvolutionMode mode, Padding padding, int[] stride,
                                         int[] dilation) {
        Op op = Op.fromLabel(c.pool);
        if (op == null || op == Op.CONV) {
            throw new UserError("--pool must be max, avg or sum, got '" + c.pool + "'");
        }
        if (c.size == null) {
            throw new UserError("--pool needs --size K (or KHxKW) with K >= 1");
        }
        int[] size = pair(c.size, "--size", 1);
        if (!padding.isSymmetric()) {
            throw new UserError("--padding " + padding + ": DL4J's pooling layers take one padding per axis (top = bottom, "
                    + "left = right), so per-side padding is checked for convolutions only");
        }
        if (input.length > 1) {
            throw new UserError(c.input + ": pooling is checked one channel at a time, and this file has " + input.length
                    + " channels (blank lines separate channels); put one channel in the file");
        }
        Window2d window = window(size[0], size[1], stride, dilation, padding, mode);
        checkFits(window, input, c, "--size: ");
        String title = "your matrices (" + c.input + ")";
        return checked(new Example(CUSTOM_ID, title, op, window, !c.excludePad, input, null, null, false, null), c);
    }

    private static Window2d window(int kh, int kw, int[] stride, int[] dilation, Padding padding, ConvolutionMode mode) {
        return Window2d.builder().setKernel(kh, kw).optStride(stride[0], stride[1]).optDilation(dilation[0], dilation[1])
                .optPadding(padding).optMode(mode).build();
    }

    private static void checkFits(Window2d window, double[][][] input, Custom c, String what) {
        try {
            window.resolve(input[0].length, input[0][0].length);
        } catch (IllegalArgumentException e) {
            throw new UserError(what + window.kernelH() + "x" + window.kernelW() + " window does not fit the " + input[0].length
                    + "x" + input[0][0].length + " input " + c.input + " with padding " + window.padding() + " (" + window + "): "
                    + e.getMessage());
        }
        if (Dl4jLayers.sameModePaddingIsNegative(window, input[0].length, input[0][0].length)) {
            throw new UserError(what + window + " on a " + input[0].length + "x" + input[0][0].length + " input: DL4J computes a "
                    + "negative Same-mode padding here (effective kernel 2 or more smaller than the stride), so its pooling reads "
                    + "the wrong cells and its convolution refuses to run (docs/verification.md, finding 1); choose another stride");
        }
    }

    /** The reference must compute the example (it refuses e.g. a max over a window lying wholly in the padding). */
    private static Example checked(Example example, Custom c) {
        try {
            cnnlab.verify.ThreeWayCheck.reference(example);
        } catch (IllegalArgumentException e) {
            throw new UserError("--padding " + example.window().padding() + " with a " + example.window().kernelH() + "x"
                    + example.window().kernelW() + " window: " + e.getMessage() + "; use a padding smaller than the window");
        }
        return example;
    }

    private static ConvolutionMode mode(String text) {
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "truncate": return ConvolutionMode.TRUNCATE;
            case "same": return ConvolutionMode.SAME;
            case "strict": return ConvolutionMode.STRICT;
            case "causal":
                throw new UserError("--mode causal is for 1-D layers; DL4J refuses it for 2-D convolution and pooling");
            default:
                throw new UserError("--mode must be truncate, same or strict, got '" + text + "'");
        }
    }

    /** --padding: 1 value for every side, 2 for (rows, columns), 4 for top, bottom, left, right. */
    private static Padding padding(int[] p, ConvolutionMode mode) {
        for (int v : p) {
            if (v < 0) {
                throw new UserError("--padding must be >= 0, got " + v);
            }
        }
        Padding padding;
        switch (p.length) {
            case 1: padding = Padding.of(p[0]); break;
            case 2: padding = Padding.symmetric(p[0], p[1]); break;
            case 4: padding = new Padding(p[0], p[1], p[2], p[3]); break;
            default: throw new UserError("--padding takes 1 value (every side), 2 (rows,columns) or 4 (top,bottom,left,right), got "
                    + p.length);
        }
        if (mode == ConvolutionMode.SAME && !padding.equals(Padding.NONE)) {
            throw new UserError("--mode same computes its own padding; leave out --padding (DL4J refuses both together)");
        }
        return padding;
    }

    /** One value for both axes, or two (rows, columns); each at least {@code min}. */
    private static int[] pair(int[] v, String option, int min) {
        if (v.length != 1 && v.length != 2) {
            throw new UserError(option + " takes 1 value or 2 (rows,columns), got " + v.length);
        }
        for (int x : v) {
            if (x < min) {
                throw new UserError(option + " must be >= " + min + ", got " + x);
            }
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v;
    }

    private static double[][][] readGrid(Path file, String what, long maxCells) {
        return read(file, what, maxCells, in -> GridText.parse(in, file.toString(), maxCells, MAX_CELLS_OPTION + " N"));
    }

    private static List<double[][][]> readFilters(Path file, long maxCells) {
        return read(file, "kernel", maxCells, in -> GridText.parseBlocks(in, file.toString(), maxCells, MAX_CELLS_OPTION + " N"));
    }

    /** What reads a matrix file. */
    private interface GridReader<T> {
        T read(java.io.Reader in) throws IOException;
    }

    /**
     * Reads a matrix file as UTF-8, refusing before reading one that is far too large for {@code maxCells}
     * numbers (each takes at least two characters: a digit and a separator).
     */
    private static <T> T read(Path file, String what, long maxCells, GridReader<T> reader) {
        if (maxCells < 1) {
            throw new UserError(MAX_CELLS_OPTION + " must be >= 1, got " + maxCells);
        }
        try {
            long bytes = Files.size(file);
            long limit = Math.max(1 << 20, maxCells * 64);   // generous: 64 bytes per number, comments included
            if (bytes > limit) {
                throw new UserError(file + ": " + what + " file is " + bytes / (1 << 20) + " MB, more than " + maxCells
                        + " numbers can take; cnnlab reads at most " + maxCells + " numbers per file (raise it with "
                        + MAX_CELLS_OPTION + " N)");
            }
            try (var in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                return reader.read(in);
            }
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": " + what + " file not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError(file + ": " + what + " file is not UTF-8 text (save it as plain text, UTF-8)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read " + what + " file: " + e.getMessage());
        } catch (GridFormatException e) {
            throw new UserError(e.getMessage());
        }
    }
}
