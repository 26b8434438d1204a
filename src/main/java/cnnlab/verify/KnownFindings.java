package cnnlab.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The findings pinned in {@code known-findings.yaml}: each disagreement the worked examples are known
 * to show, with the reason. A disagreement found but not listed, or listed but not found, is
 * unexpected.
 */
public final class KnownFindings {

    /** The classpath resource holding the pinned findings. */
    public static final String RESOURCE = "/cnnlab/verify/known-findings.yaml";

    /**
     * One pinned finding.
     *
     * @param example example id
     * @param row output row
     * @param col output column
     * @param verdict the expected verdict
     * @param slide the printed value
     * @param reference the reference value
     * @param why the explanation
     */
    public record Finding(String example, int row, int col, Verdict verdict, Double slide, double reference, String why) {

        /** Whether {@code d} in example {@code exampleId} is this finding. */
        public boolean matches(String exampleId, Disagreement d) {
            return example.equals(exampleId) && row == d.row() && col == d.col() && verdict == d.verdict()
                    && ThreeWayCheck.closeEnough(d.reference(), reference)
                    && (slide == null ? d.slide() == null : d.slide() != null && slide.equals(d.slide()));
        }
    }

    private final List<Finding> findings;

    private KnownFindings(List<Finding> findings) {
        this.findings = List.copyOf(findings);
    }

    /** Loads the findings shipped with cnnlab. */
    public static KnownFindings load() {
        try (InputStream in = KnownFindings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Finding> list = new ArrayList<>();
            for (JsonNode f : root.path("findings")) {
                Verdict verdict = Verdict.fromLabel(f.path("verdict").asText());
                if (verdict == null || !f.hasNonNull("example") || !f.has("row") || !f.has("col") || !f.has("reference")) {
                    throw new IllegalStateException(RESOURCE + ": each finding needs example, row, col, verdict "
                            + "(slide-erratum or dl4j-deviation) and reference: " + f);
                }
                list.add(new Finding(f.get("example").asText(), f.get("row").asInt(), f.get("col").asInt(), verdict,
                        f.hasNonNull("slide") ? f.get("slide").asDouble() : null, f.get("reference").asDouble(),
                        f.path("why").asText("")));
            }
            return new KnownFindings(list);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** A list with the given findings only (for checking that unpinned findings are caught). */
    public static KnownFindings of(List<Finding> findings) {
        return new KnownFindings(findings);
    }

    /** All pinned findings, in file order. */
    public List<Finding> all() {
        return findings;
    }

    /** The pinned finding that explains {@code d}, if any. */
    public Optional<Finding> explain(String exampleId, Disagreement d) {
        return findings.stream().filter(f -> f.matches(exampleId, d)).findFirst();
    }
}
