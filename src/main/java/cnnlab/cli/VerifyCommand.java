package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.reference.Padding;
import cnnlab.reference.Window2d;
import cnnlab.runtime.Backend;
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
        footer = {"", "Matrix files: one row per line, numbers separated by spaces, tabs or commas; a blank line starts the",
                "next channel; '#' starts a comment. A kernel file holds one filter with as many channels as the input.",
                "", "Exit codes: 0 every disagreement is a known finding; 1 an unexpected difference; 2 bad input."})
public final class VerifyCommand implements Callable<Integer> {

    /** The example id of a student's own matrices, for --explain. */
    static final String CUSTOM_ID = "input";

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--explain", arity = "3", paramLabel = "EXAMPLE ROW COL", hideParamSyntax = true,
            description = "Write out the calculation of one output cell (rows and columns from 0). "
                    + "With --input, EXAMPLE is '" + CUSTOM_ID + "'.")
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

        @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel matrix, for a convolution.")
        Path kernel;

        @Option(names = "--pool", paramLabel = "max|avg|sum", description = "Pool instead of convolving.")
        String pool;

        @Option(names = "--size", paramLabel = "K", description = "Pooling window size K x K.")
        Integer size;

        @Option(names = "--padding", paramLabel = "P", defaultValue = "0", description = "Zero padding on every side (default 0).")
        int padding;

        @Option(names = "--stride", paramLabel = "S", defaultValue = "1", description = "Stride (default 1).")
        int stride;

        @Option(names = "--exclude-pad-from-average", description = "Average pooling: divide by the cells inside the image "
                + "rather than by K*K.")
        boolean excludePad;
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
        List<Example> examples = custom != null ? List.of(customExample(custom)) : selected(book);
        if (explain != null) {
            return explain(examples, book);
        }
        VerificationReport report = VerificationReport.check(examples, known);
        String text = json ? JsonReport.render(report, known) : TextReport.render(report, known);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return report.asExpected() ? 0 : 1;
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
            spec.commandLine().getOut().print(TextReport.explain(example, row, col));
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

    /** Builds the example for --input, with every file and value problem as a one-line {@link UserError}. */
    static Example customExample(Custom c) {
        if ((c.kernel == null) == (c.pool == null)) {
            throw new UserError("give exactly one of --kernel FILE (convolution) or --pool max|avg|sum (pooling)");
        }
        if (c.padding < 0) {
            throw new UserError("--padding must be >= 0, got " + c.padding);
        }
        if (c.stride < 1) {
            throw new UserError("--stride must be >= 1, got " + c.stride);
        }
        double[][][] input = readGrid(c.input, "input");
        double[][][] kernel = null;
        Op op;
        int kh;
        int kw;
        Path windowSource;
        if (c.kernel != null) {
            if (c.size != null) {
                throw new UserError("--size is the pooling window (with --pool); a convolution's window is its --kernel file");
            }
            kernel = readGrid(c.kernel, "kernel");
            if (kernel.length != input.length) {
                throw new UserError(c.kernel + ": the kernel has " + kernel.length + " channel(s) but the input " + c.input + " has "
                        + input.length + "; a kernel on C channels is C x kH x kW (separate channels with a blank line)");
            }
            op = Op.CONV;
            kh = kernel[0].length;
            kw = kernel[0][0].length;
            windowSource = c.kernel;
        } else {
            op = Op.fromLabel(c.pool);
            if (op == null || op == Op.CONV) {
                throw new UserError("--pool must be max, avg or sum, got '" + c.pool + "'");
            }
            if (c.size == null || c.size < 1) {
                throw new UserError("--pool needs --size K with K >= 1");
            }
            if (input.length > 1) {
                throw new UserError(c.input + ": pooling is checked one channel at a time, and this file has " + input.length
                        + " channels (blank lines separate channels); put one channel in the file");
            }
            kh = c.size;
            kw = c.size;
            windowSource = null;
        }
        Window2d window = Window2d.builder().setKernel(kh, kw).optStride(c.stride, c.stride).optPadding(Padding.of(c.padding)).build();
        try {
            window.resolve(input[0].length, input[0][0].length);
        } catch (IllegalArgumentException e) {
            throw new UserError((windowSource != null ? windowSource + ": " : "--size: ") + kh + "x" + kw + " window does not fit the "
                    + input[0].length + "x" + input[0][0].length + " input " + c.input + " with padding " + c.padding + ": " + e.getMessage());
        }
        boolean includePad = !c.excludePad;
        String title = "your matrices (" + c.input + (c.kernel != null ? ", " + c.kernel : "") + ")";
        Example example = new Example(CUSTOM_ID, title, op, window, includePad, input, kernel, null, false, null);
        try {
            cnnlab.verify.ThreeWayCheck.reference(example);
        } catch (IllegalArgumentException e) {
            throw new UserError("--padding " + c.padding + " with a " + kh + "x" + kw + " window: " + e.getMessage()
                    + "; use a padding smaller than the window");
        }
        return example;
    }

    private static double[][][] readGrid(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": " + what + " file not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read " + what + " file: " + e.getMessage());
        }
        try {
            return GridText.parse(text, file.toString());
        } catch (GridFormatException e) {
            throw new UserError(e.getMessage());
        }
    }
}
