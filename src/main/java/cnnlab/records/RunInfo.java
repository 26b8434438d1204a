package cnnlab.records;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code run.json}: what a run is and where it stands, rewritten at every change of status.
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION} when written; 0 for files written before it existed
 * @param name the config's name
 * @param started when the run was first started (ISO-8601 instant); kept when it is resumed
 * @param source the config file it was started from, or {@code null} when unknown; kept when it is resumed
 * @param status running, stopped, finished or failed
 * @param updated when the status was last written
 * @param statusHistory every status written, as {@code "<instant> <status>"}, oldest first
 */
public record RunInfo(int schemaVersion, String name, String started, @JsonInclude(JsonInclude.Include.NON_NULL) String source, String status, String updated,
                      List<String> statusHistory) {

    /** The history is never null, and cannot be changed. */
    public RunInfo {
        statusHistory = statusHistory == null ? List.of() : List.copyOf(statusHistory);
    }

    /**
     * The run.json to write now: {@code previous} (or nothing, for a new run) with this status, name and
     * time; the first start time and source are kept.
     *
     * @param previous the run's run.json so far, or {@code null}
     * @param source the config file the run was started from this time, or {@code null}
     */
    public static RunInfo next(RunInfo previous, String name, Path source, String status, Instant now) {
        List<String> history = new ArrayList<>(previous == null ? List.of() : previous.statusHistory());
        history.add(now + " " + status);
        String started = previous != null && previous.started() != null ? previous.started() : now.toString();
        String src = previous != null && previous.source() != null ? previous.source() : source == null ? null : source.toString();
        return new RunInfo(RunJson.SCHEMA_VERSION, name, started, src, status, now.toString(), history);
    }
}
