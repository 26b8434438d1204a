package cnnlab.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deeplearning4j.nn.conf.CNN2DFormat;

import cnnlab.reference.CellCalculation;
import cnnlab.reference.Term;
import cnnlab.reference.Window2d;

/**
 * Writes a {@link VerificationReport} as JSON: {@code {"examples": [...], "summary": {...}}}, grids as
 * arrays of rows (a multi-channel input or kernel as an array of such grids), rows and columns from 0,
 * {@code "slide": null} where the slides print nothing.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** The report as a JSON document. */
    public static String render(VerificationReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode examples = root.putArray("examples");
        for (ExampleResult r : report.results()) {
            examples.add(example(r, report));
        }
        VerificationReport.Summary s = report.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("examples", s.examples());
        summary.put("cells", s.cells());
        summary.put("slideErrata", s.errata());
        summary.put("dl4jDeviations", s.deviations());
        summary.put("unexpected", s.unexpected());
        summary.put("asExpected", report.asExpected());
        ArrayNode unexpected = summary.putArray("unexpectedFindings");
        report.unexpected().forEach(unexpected::add);
        ArrayNode stale = summary.putArray("pinnedButNotFound");
        report.stale().forEach(f -> stale.add(f.example() + " (" + f.row() + ", " + f.col() + ") " + f.verdict().label()));
        return write(root);
    }

    /**
     * The calculation of one output cell as a JSON document: the example's parameters, every term
     * (input position, value, weight for a convolution, whether it is padding), the written-out
     * formula, and the slide, reference and DL4J values.
     *
     * @throws IllegalArgumentException when the cell is outside the output
     */
    public static String explain(Example e, int row, int col) {
        double[][] reference = ThreeWayCheck.reference(e);
        ThreeWayCheck.requireCell(e, reference, row, col);
        CellCalculation calc = ThreeWayCheck.explain(e, row, col);
        double dl4j = ThreeWayCheck.dl4j(e, CNN2DFormat.NCHW)[row][col];
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", e.id());
        root.put("slideTitle", e.slide());
        root.put("op", e.op().label());
        root.set("params", params(e));
        root.put("row", row);
        root.put("col", col);
        ArrayNode terms = root.putArray("terms");
        for (Term t : calc.terms()) {
            ObjectNode tn = terms.addObject();
            tn.put("channel", t.channel());
            tn.put("row", t.row());
            tn.put("col", t.col());
            tn.put("value", t.value());
            if (e.op() == Op.CONV) {
                tn.put("weight", t.weight());
            }
            tn.put("padded", t.padded());
        }
        if (e.op() == Op.AVG) {
            root.put("divisor", calc.divisor());
        }
        root.put("formula", calc.formula());
        if (e.printed() == null) {
            root.putNull("slide");
        } else {
            root.put("slide", e.printed()[row][col]);
        }
        root.put("reference", calc.result());
        root.put("dl4j", dl4j);
        root.put("agree", ThreeWayCheck.closeEnough(dl4j, calc.result())
                && (e.printed() == null || Math.abs(e.printed()[row][col] - calc.result()) <= ThreeWayCheck.SLIDE_TOLERANCE));
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode example(ExampleResult r, VerificationReport report) {
        Example e = r.example();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", e.id());
        node.put("slideTitle", e.slide());
        node.put("op", e.op().label());
        node.set("params", params(e));
        node.put("dl4jLayer", Dl4jLayers.describe(e.op(), e.includePadInDivisor()));
        node.set("input", grids(e.input()));
        node.set("kernel", e.kernel() == null ? null : grids(e.kernel()));
        node.set("slide", e.printed() == null ? null : grid(e.printed()));
        node.set("reference", grid(r.reference()));
        node.set("dl4j", grid(r.dl4j()));
        ArrayNode list = node.putArray("disagreements");
        for (Disagreement d : r.disagreements()) {
            ObjectNode dn = list.addObject();
            dn.put("row", d.row());
            dn.put("col", d.col());
            if (d.slide() == null) {
                dn.putNull("slide");
            } else {
                dn.put("slide", d.slide());
            }
            dn.put("reference", d.reference());
            dn.put("dl4j", d.dl4j());
            dn.put("verdict", d.verdict().label());
            dn.put("arithmetic", d.arithmetic());
            report.knownFinding(d).ifPresentOrElse(f -> dn.put("known", f.why()), () -> dn.putNull("known"));
        }
        return node;
    }

    private static ObjectNode params(Example e) {
        Window2d w = e.window();
        ObjectNode p = MAPPER.createObjectNode();
        p.putArray("kernel").add(w.kernelH()).add(w.kernelW());
        p.putArray("stride").add(w.strideH()).add(w.strideW());
        p.putArray("padding").add(w.padding().top()).add(w.padding().bottom()).add(w.padding().left()).add(w.padding().right());
        p.putArray("dilation").add(w.dilationH()).add(w.dilationW());
        p.put("mode", w.mode().name().toLowerCase());
        p.put("channels", e.input().length);
        if (e.op() == Op.AVG) {
            p.put("includePadInDivisor", e.includePadInDivisor());
        }
        p.put("inferred", e.paramsInferred());
        return p;
    }

    private static ArrayNode grids(double[][][] g) {
        if (g.length == 1) {
            return grid(g[0]);
        }
        ArrayNode channels = MAPPER.createArrayNode();
        for (double[][] c : g) {
            channels.add(grid(c));
        }
        return channels;
    }

    private static ArrayNode grid(double[][] g) {
        ArrayNode rows = MAPPER.createArrayNode();
        for (double[] row : g) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    r.add((long) v);
                } else {
                    r.add(v);
                }
            }
        }
        return rows;
    }
}
