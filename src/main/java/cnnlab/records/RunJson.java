package cnnlab.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cnnlab.io.AtomicFiles;

/**
 * The one JSON mapper of the run directory: every record a run writes ({@code run.json},
 * {@code environment.json}, {@code metrics.json}, {@code dataset.json}, checkpoint states) is written
 * and read here, so that all of them share one format (indented, NaN inside arrays as {@code "NaN"})
 * and one way of failing.
 *
 * <p>Reading ignores fields a record does not know: a newer cnnlab may add fields, and an older run
 * directory may hold fields that were dropped since. A file without {@code schemaVersion} reads as
 * version 0 (written before the field existed; see docs/run-directory.md).
 */
public final class RunJson {

    /** The schema version this code writes into every run file. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunJson() {
    }

    /** The value as indented JSON (for {@code --json} output). */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes the value to {@code file} atomically (a temporary file, then a rename). */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, toJson(value));
    }

    /**
     * Reads {@code file} as {@code type}.
     *
     * @throws RunFileException when the file is not JSON of that shape (one line naming the file)
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return MAPPER.readValue(Files.readString(file), type);
        } catch (JacksonException e) {
            throw new RunFileException(file, "not a readable " + type.getSimpleName() + " file",
                    String.valueOf(e.getOriginalMessage()).split("\n")[0]);
        }
    }

    /** Reads {@code file} as {@code type}, or returns {@code null} when it does not exist. */
    public static <T> T readIfExists(Path file, Class<T> type) throws IOException {
        return Files.exists(file) ? read(file, type) : null;
    }

    /** NaN (no validation set, an undefined AUC) as {@code null}, so that a JSON number field stays numeric or null. */
    static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** {@code null} read back as NaN. */
    static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
