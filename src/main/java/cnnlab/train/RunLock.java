package cnnlab.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.io.CannotWriteException;

/**
 * The lock that makes a run directory one process's at a time: {@code run.lock}, created only if it
 * does not exist, holding the holder's pid, host, process start time and Slurm job, and deleted when
 * the holder is done. A second training of the same run (the same {@code --run-id} twice, or
 * {@code --resume} of a running run) is refused with one line naming the holder.
 *
 * <p>A lock is stale, and taken over with a warning, when its holder is gone: on this host, no process
 * has its pid (or the process with that pid started at another time: the pid was reused); on another
 * host, when it names this process's Slurm job (and array task), since Slurm runs one incarnation of
 * a job at a time, so a job requeued onto another node continues the run its killed predecessor held.
 * Array tasks have run ids of their own ({@code <job>_<task>}), so they never share a run directory. A lock held on another
 * host by another job cannot be checked from here: the message says to delete it if that process is
 * gone.
 */
public final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    /** The lock files this JVM holds, so that a second run in the same process is refused as well. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final String content;

    private RunLock(Path file, String content) {
        this.file = file;
        this.content = content;
    }

    /** The lock file of a run directory. */
    public static Path file(Path runDir) {
        return runDir.resolve("run.lock");
    }

    /**
     * Takes the lock of {@code runDir}, taking over a stale one.
     *
     * @throws CheckpointException when another process holds it
     * @throws CannotWriteException when the lock file cannot be written
     */
    public static RunLock acquire(Path runDir) {
        Path file = file(runDir).toAbsolutePath().normalize();
        String mine = describe(current());
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(file, mine, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                HELD.add(file);
                return new RunLock(file, mine);
            } catch (FileAlreadyExistsException e) {
                Optional<String> stale = holderIfStale(file);
                if (stale.isEmpty()) {
                    throw new CheckpointException(runDir, "another training is using this run: " + holder(file)
                            + "; wait for it to finish (or if that process is gone, delete " + file + ")");
                }
                LOG.warn("{}: taking over a stale lock ({})", file, stale.get());
                try {
                    Files.deleteIfExists(file);
                } catch (IOException d) {
                    throw new CannotWriteException(file, "cannot remove the stale lock", d);
                }
            } catch (IOException e) {
                throw new CannotWriteException(file, "cannot create the run's lock file", e);
            }
        }
        throw new CheckpointException(runDir, "another training is using this run: " + holder(file));
    }

    /** Throws as {@link #acquire} would, without taking the lock: for a quick refusal before loading data. */
    public static void refuseIfHeld(Path runDir) {
        Path file = file(runDir).toAbsolutePath().normalize();
        if (Files.exists(file) && holderIfStale(file).isEmpty()) {
            throw new CheckpointException(runDir, "another training is using this run: " + holder(file)
                    + "; wait for it to finish (or if that process is gone, delete " + file + ")");
        }
    }

    /** Releases the lock: deletes the lock file if it is still this one's. */
    @Override
    public void close() {
        HELD.remove(file);
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot remove the lock ({}); the next run will find it stale", file, e.getMessage());
        }
    }

    /** The holder's fields, e.g. {@code pid=123 host=cn-17 started=... slurmJob=456}. */
    private static Map<String, String> current() {
        Map<String, String> m = new LinkedHashMap<>();
        ProcessHandle self = ProcessHandle.current();
        m.put("pid", Long.toString(self.pid()));
        m.put("host", host());
        self.info().startInstant().ifPresent(t -> m.put("processStarted", t.toString()));
        m.put("locked", Instant.now().toString());
        String job = slurmJob();
        if (job != null) {
            m.put("slurmJob", job);
        }
        return m;
    }

    private static String describe(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // unreadable: treated as held (nothing to prove it stale)
        }
        return m;
    }

    /** "pid 123 on host cn-17 since 2026-...", as a message names the holder. */
    private static String holder(Path file) {
        Map<String, String> m = read(file);
        return "pid " + m.getOrDefault("pid", "?") + " on host " + m.getOrDefault("host", "?")
                + (m.containsKey("slurmJob") ? " (Slurm job " + m.get("slurmJob") + ")" : "")
                + " since " + m.getOrDefault("locked", "?");
    }

    /** Why the lock in {@code file} is stale, or empty when its holder may still be running. */
    private static Optional<String> holderIfStale(Path file) {
        Map<String, String> m = read(file);
        if (m.isEmpty()) {
            return Files.exists(file) ? Optional.of("an empty or unreadable lock file") : Optional.of("gone");
        }
        if (HELD.contains(file)) {
            return Optional.empty();
        }
        if (!host().equals(m.get("host"))) {
            String job = slurmJob();
            return job != null && job.equals(m.get("slurmJob"))
                    ? Optional.of("held on host " + m.get("host") + " by an earlier run of this Slurm job " + job + ", which was requeued")
                    : Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(m.getOrDefault("pid", ""));
        } catch (NumberFormatException e) {
            return Optional.of("a lock file without a pid");
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return Optional.of("pid " + pid + " on this host is no longer running");
        }
        if (pid == ProcessHandle.current().pid()) {
            return Optional.of("left by this process");
        }
        String started = m.get("processStarted");
        Optional<Instant> actual = p.get().info().startInstant();
        if (started != null && actual.isPresent() && !actual.get().toString().equals(started)) {
            return Optional.of("pid " + pid + " now belongs to another process");
        }
        return Optional.empty();
    }

    /** The Slurm job (with its array task) this process runs in, or {@code null} outside Slurm. */
    private static String slurmJob() {
        String array = System.getenv("SLURM_ARRAY_JOB_ID");
        String task = System.getenv("SLURM_ARRAY_TASK_ID");
        if (array != null && task != null) {
            return array + "_" + task;
        }
        return System.getenv("SLURM_JOB_ID");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h != null ? h : "unknown-host";
        }
    }
}
