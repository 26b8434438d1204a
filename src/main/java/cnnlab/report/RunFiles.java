package cnnlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The files of one run directory that a page shows, read as JSON trees or text: a file that is
 * missing is an empty tree (the page leaves its part out), a file that is not JSON is an error that
 * names it.
 *
 * @param dir the run directory
 * @param run run.json
 * @param metrics metrics.json
 * @param dataset dataset.json (medical runs)
 * @param environment environment.json
 * @param config config.yaml as text ("" when missing)
 * @param epochsCsv metrics.csv as text ("" when missing)
 */
record RunFiles(Path dir, JsonNode run, JsonNode metrics, JsonNode dataset, JsonNode environment, String config, String epochsCsv) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the run in {@code dir}.
     *
     * @throws ReportException when it is not a run directory or a JSON file is damaged
     */
    static RunFiles read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.yaml"))) {
            throw new ReportException(dir, "not a run directory (it has no config.yaml)");
        }
        return new RunFiles(dir, json(dir.resolve("run.json")), json(dir.resolve("metrics.json")), json(dir.resolve("dataset.json")),
                json(dir.resolve("environment.json")), text(dir.resolve("config.yaml")), text(dir.resolve("metrics.csv")));
    }

    /** The run's name: the folder's. */
    String name() {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** Whether the run has finished (its final metrics exist). */
    boolean finished() {
        return metrics.has("testAccuracy");
    }

    private static JsonNode json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ReportException(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String text(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }
}
