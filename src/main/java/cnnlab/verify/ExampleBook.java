package cnnlab.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final Set<String> PRINTED_KEYS = Set.of("id", "slide", "op", "params", "input", "kernel", "output");
    private static final Set<String> DERIVED_KEYS = Set.of("id", "slide", "op", "params", "inputFrom", "kernelFrom", "expectedShape");
    private static final Set<String> PARAM_KEYS = Set.of("stride", "padding", "size", "inferred", "includePadInDivisor");

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
        Map<String, Example> byId = new LinkedHashMap<>();
        for (JsonNode node : root.path("printed")) {
            Example e = printed(node, file);
            put(byId, e, file);
        }
        for (JsonNode node : root.path("derived")) {
            Example e = derived(node, file, byId);
            put(byId, e, file);
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException(file + ": no examples under 'printed' or 'derived'");
        }
        return new ExampleBook(new ArrayList<>(byId.values()));
    }

    private static void put(Map<String, Example> byId, Example e, String file) {
        if (byId.putIfAbsent(e.id(), e) != null) {
            throw new IllegalStateException(file + ": example id '" + e.id() + "' appears twice");
        }
    }

    private static Example printed(JsonNode node, String file) {
        String id = text(node, "id", file, "?");
        checkKeys(node, PRINTED_KEYS, file, id);
        Op op = op(node, file, id);
        String where = file + ": " + id;
        double[][][] input = GridText.parse(text(node, "input", file, id), where + " input");
        double[][][] kernel = op == Op.CONV ? GridText.parse(text(node, "kernel", file, id), where + " kernel") : null;
        JsonNode out = node.path("output");
        double[][] printed = out.isNull() || out.isMissingNode() ? null : GridText.parseSingle(out.asText(), where + " output");
        JsonNode params = node.path("params");
        return new Example(id, text(node, "slide", file, id), op, window(params, op, kernel, file, id),
                params.path("includePadInDivisor").asBoolean(true), input, kernel, printed,
                params.path("inferred").asBoolean(false), null);
    }

    private static Example derived(JsonNode node, String file, Map<String, Example> printed) {
        String id = text(node, "id", file, "?");
        checkKeys(node, DERIVED_KEYS, file, id);
        Op op = op(node, file, id);
        double[][][] input = stackFirstChannels(node.path("inputFrom"), printed, false, file, id);
        double[][][] kernel = op == Op.CONV ? stackFirstChannels(node.path("kernelFrom"), printed, true, file, id) : null;
        JsonNode shape = node.path("expectedShape");
        if (shape.size() != 2) {
            throw new IllegalStateException(file + ": " + id + ": expectedShape must be [rows, cols]");
        }
        JsonNode params = node.path("params");
        return new Example(id, text(node, "slide", file, id), op, window(params, op, kernel, file, id),
                params.path("includePadInDivisor").asBoolean(true), input, kernel, null, false,
                new int[] {shape.get(0).asInt(), shape.get(1).asInt()});
    }

    private static double[][][] stackFirstChannels(JsonNode ids, Map<String, Example> printed, boolean kernels,
                                                   String file, String id) {
        if (!ids.isArray() || ids.isEmpty()) {
            throw new IllegalStateException(file + ": " + id + ": " + (kernels ? "kernelFrom" : "inputFrom")
                    + " must list printed example ids");
        }
        double[][][] out = new double[ids.size()][][];
        for (int c = 0; c < ids.size(); c++) {
            Example source = printed.get(ids.get(c).asText());
            if (source == null || (kernels && source.kernel() == null)) {
                throw new IllegalStateException(file + ": " + id + ": no printed example '" + ids.get(c).asText() + "'"
                        + (kernels ? " with a kernel" : ""));
            }
            out[c] = kernels ? source.kernel()[0] : source.input()[0];
        }
        return out;
    }

    private static Window2d window(JsonNode params, Op op, double[][][] kernel, String file, String id) {
        Iterator<String> names = params.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!PARAM_KEYS.contains(name)) {
                throw new IllegalStateException(file + ": " + id + ": unknown parameter '" + name + "', expected one of " + PARAM_KEYS);
            }
        }
        int stride = params.path("stride").asInt(1);
        int padding = params.path("padding").asInt(0);
        int kh;
        int kw;
        if (op == Op.CONV) {
            kh = kernel[0].length;
            kw = kernel[0][0].length;
        } else {
            if (!params.has("size")) {
                throw new IllegalStateException(file + ": " + id + ": pooling needs params.size");
            }
            kh = params.path("size").asInt();
            kw = kh;
        }
        return Window2d.builder().setKernel(kh, kw).optStride(stride, stride).optPadding(Padding.of(padding)).build();
    }

    private static Op op(JsonNode node, String file, String id) {
        Op op = Op.fromLabel(text(node, "op", file, id));
        if (op == null) {
            throw new IllegalStateException(file + ": " + id + ": op must be conv, max, avg or sum");
        }
        return op;
    }

    private static String text(JsonNode node, String key, String file, String id) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalStateException(file + ": example " + id + ": missing '" + key + "'");
        }
        return v.asText();
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String file, String id) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalStateException(file + ": " + id + ": unknown key '" + name + "', expected one of " + allowed);
            }
        }
    }
}
