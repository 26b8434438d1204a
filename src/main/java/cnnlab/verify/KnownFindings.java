package cnnlab.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
    public record Finding(@JsonProperty(required = true) String example, @JsonProperty(required = true) int row,
                          @JsonProperty(required = true) int col, @JsonProperty(required = true) Verdict verdict,
                          Double slide, @JsonProperty(required = true) double reference, String why) {

        public Finding {
            why = why == null ? "" : why;
        }

        /** Whether {@code d} in example {@code exampleId} is this finding. */
        public boolean matches(String exampleId, Disagreement d) {
            return example.equals(exampleId) && row == d.row() && col == d.col() && verdict == d.verdict()
                    && ThreeWayCheck.closeEnough(d.reference(), reference)
                    && (slide == null ? d.slide() == null : d.slide() != null && slide.equals(d.slide()));
        }
    }

    /** The file as a whole: a list of findings under {@code findings}. */
    private record FindingsFile(@JsonProperty(required = true) List<Finding> findings) {
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
            return read(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a findings file: each finding needs example, row, col, verdict (slide-erratum or
     * dl4j-deviation) and reference; slide and why are optional; any other key is refused.
     */
    static KnownFindings read(InputStream in) throws IOException {
        try {
            FindingsFile file = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(in, FindingsFile.class);
            return new KnownFindings(file.findings());
        } catch (DatabindException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getOriginalMessage() + " (each finding needs example, row, col, "
                    + "verdict (slide-erratum or dl4j-deviation) and reference)", e);
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

    /**
     * The pinned finding that explains {@code d}, if any: the one place where disagreements are matched
     * against the pins ({@link VerificationReport#check} calls it once per disagreement; the reports
     * read the match from there).
     */
    public Optional<Finding> explain(String exampleId, Disagreement d) {
        return findings.stream().filter(f -> f.matches(exampleId, d)).findFirst();
    }
}
