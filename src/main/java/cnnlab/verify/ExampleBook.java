package cnnlab.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import cnnlab.reference.Padding;
import cnnlab.reference.Window2d;

/**
 * The lab's worked examples, read from {@code slide-examples.yaml}: the printed ones, transcribed
 * from the slides, and the derived ones, built from the printed grids for what the slides describe
 * only in words.
 */
public final class ExampleBook {

    /** The classpath resource holding the transcription. */
    public static final String RESOURCE = "/cnnlab/verify/slide-examples.yaml";

    /** The file: printed examples, then derived ones. Unknown keys anywhere are refused by Jackson. */
    private record BookFile(List<Printed> printed, List<Derived> derived) {
    }

    /** The window parameters of an example; all optional (stride 1, padding 0, average counts padding). */
    private record Params(Integer stride, Integer padding, Integer size, Boolean inferred, Boolean includePadInDivisor) {
        static final Params NONE = new Params(null, null, null, null, null);
    }

    /** An example the slides print: its grids as text, one row per line. */
    private record Printed(@JsonProperty(required = true) String id, @JsonProperty(required = true) String slide,
                           @JsonProperty(required = true) String op, Params params,
                           @JsonProperty(required = true) String input, String kernel, String output) {
    }

    /** An example built from printed ones: the first channels of their inputs (and kernels) stacked. */
    private record Derived(@JsonProperty(required = true) String id, @JsonProperty(required = true) String slide,
                           @JsonProperty(required = true) String op, Params params,
                           @JsonProperty(required = true) List<String> inputFrom, List<String> kernelFrom,
                           @JsonProperty(required = true) int[] expectedShape) {
    }

    private final List<Example> examples;

    private ExampleBook(List<Example> examples) {
        this.examples = List.copyOf(examples);
    }

    /** Loads the examples shipped with cnnlab. */
    public static ExampleBook load() {
        try (InputStream in = ExampleBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), "slide-examples.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** All examples, printed first, in file order. */
    public List<Example> all() {
        return examples;
    }

    /** The example named {@code id}. */
    public Example get(String id) {
        return examples.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no example '" + id + "'; known: " + ids()));
    }

    /** The ids, comma-separated, for error messages. */
    public String ids() {
        return String.join(", ", examples.stream().map(Example::id).toList());
    }

    static ExampleBook parse(JsonNode root, String file) {
        BookFile book;
        try {
            book = new ObjectMapper().treeToValue(root, BookFile.class);
        } catch (UnrecognizedPropertyException e) {
            String where = where(root, e);
            throw new IllegalStateException(file + ": " + where + (e.getReferringClass() == Params.class
                    ? "unknown parameter '" : "unknown key '") + e.getPropertyName() + "', expected one of "
                    + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + ": " + where(root, e) + e.getOriginalMessage(), e);
        }
        Map<String, Example> byId = new LinkedHashMap<>();
        for (Printed p : book.printed() == null ? List.<Printed>of() : book.printed()) {
            put(byId, printed(p, file), file);
        }
        for (Derived d : book.derived() == null ? List.<Derived>of() : book.derived()) {
            put(byId, derived(d, file, byId), file);
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException(file + ": no examples under 'printed' or 'derived'");
        }
        return new ExampleBook(new ArrayList<>(byId.values()));
    }

    /** "id: " of the example a Jackson error is in, read from the error's path, or "" if it is not in one. */
    private static String where(JsonNode root, JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && m.getPath().size() >= 2) {
            var section = m.getPath().get(0).getFieldName();
            int index = m.getPath().get(1).getIndex();
            JsonNode id = root.path(section).path(index).path("id");
            return (id.isMissingNode() ? section + "[" + index + "]" : id.asText()) + ": ";
        }
        return "";
    }

    private static void put(Map<String, Example> byId, Example e, String file) {
        if (byId.putIfAbsent(e.id(), e) != null) {
            throw new IllegalStateException(file + ": example id '" + e.id() + "' appears twice");
        }
    }

    private static Example printed(Printed node, String file) {
        String id = node.id();
        Op op = op(node.op(), file, id);
        String where = file + ": " + id;
        double[][][] input = GridText.parse(node.input(), where + " input");
        double[][][] kernel = null;
        if (op == Op.CONV) {
            if (node.kernel() == null) {
                throw new IllegalStateException(file + ": example " + id + ": missing 'kernel'");
            }
            kernel = GridText.parse(node.kernel(), where + " kernel");
        }
        double[][] printed = node.output() == null ? null : GridText.parseSingle(node.output(), where + " output");
        Params params = node.params() == null ? Params.NONE : node.params();
        return new Example(id, node.slide(), op, window(params, op, kernel, file, id),
                !Boolean.FALSE.equals(params.includePadInDivisor()), input, kernel, printed,
                Boolean.TRUE.equals(params.inferred()), null);
    }

    private static Example derived(Derived node, String file, Map<String, Example> printed) {
        String id = node.id();
        Op op = op(node.op(), file, id);
        double[][][] input = stackFirstChannels(node.inputFrom(), printed, false, file, id);
        double[][][] kernel = op == Op.CONV ? stackFirstChannels(node.kernelFrom(), printed, true, file, id) : null;
        if (node.expectedShape().length != 2) {
            throw new IllegalStateException(file + ": " + id + ": expectedShape must be [rows, cols]");
        }
        Params params = node.params() == null ? Params.NONE : node.params();
        return new Example(id, node.slide(), op, window(params, op, kernel, file, id),
                !Boolean.FALSE.equals(params.includePadInDivisor()), input, kernel, null, false, node.expectedShape().clone());
    }

    private static double[][][] stackFirstChannels(List<String> ids, Map<String, Example> printed, boolean kernels,
                                                   String file, String id) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalStateException(file + ": " + id + ": " + (kernels ? "kernelFrom" : "inputFrom")
                    + " must list printed example ids");
        }
        double[][][] out = new double[ids.size()][][];
        for (int c = 0; c < ids.size(); c++) {
            Example source = printed.get(ids.get(c));
            if (source == null || (kernels && source.kernel() == null)) {
                throw new IllegalStateException(file + ": " + id + ": no printed example '" + ids.get(c) + "'"
                        + (kernels ? " with a kernel" : ""));
            }
            out[c] = kernels ? source.kernel()[0] : source.input()[0];
        }
        return out;
    }

    private static Window2d window(Params params, Op op, double[][][] kernel, String file, String id) {
        int stride = params.stride() == null ? 1 : params.stride();
        int padding = params.padding() == null ? 0 : params.padding();
        int kh;
        int kw;
        if (op == Op.CONV) {
            kh = kernel[0].length;
            kw = kernel[0][0].length;
        } else {
            if (params.size() == null) {
                throw new IllegalStateException(file + ": " + id + ": pooling needs params.size");
            }
            kh = params.size();
            kw = kh;
        }
        return Window2d.builder().setKernel(kh, kw).optStride(stride, stride).optPadding(Padding.of(padding)).build();
    }

    private static Op op(String label, String file, String id) {
        Op op = Op.fromLabel(label);
        if (op == null) {
            throw new IllegalStateException(file + ": " + id + ": op must be conv, max, avg or sum");
        }
        return op;
    }
}
