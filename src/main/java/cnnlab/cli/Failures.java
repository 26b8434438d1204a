package cnnlab.cli;

import java.nio.file.FileSystemException;
import java.util.Locale;

import cnnlab.io.CannotWriteException;
import cnnlab.io.MemoryBudget;
import cnnlab.model.ModelMemory;
import cnnlab.train.StopSignal;

/**
 * The failures that are not bugs although they arrive as errors: out of memory (on the Java heap or
 * in ND4J's off-heap memory, thrown directly or as the cause of another exception) and files or
 * folders that cannot be written. Each becomes one line for the user with exit code 2, or 3 when
 * training was stopping on a signal anyway (its checkpoint could not be written, the previous one is
 * intact and resumable).
 */
final class Failures {

    private Failures() {
    }

    /** The one line and exit code for a failure of this kind. */
    record Line(String text, int exitCode) {
    }

    /** The line for {@code ex}, or {@code null} when it is not one of these failures (then it is a bug). */
    static Line of(Throwable ex) {
        Throwable oom = outOfMemory(ex);
        if (oom != null) {
            return new Line(outOfMemoryLine(oom), UserError.EXIT_CODE);
        }
        // only as thrown (a user error that wraps a file-system error has the better message)
        Throwable t = ex instanceof java.io.UncheckedIOException ? ex.getCause() : ex;
        String text = null;
        if (t instanceof CannotWriteException) {
            text = t.getMessage();
        } else if (t instanceof FileSystemException f && f.getFile() != null) {
            text = f.getFile() + ": " + CannotWriteException.reason(f);
        }
        if (text == null) {
            return null;
        }
        boolean stopping = StopSignal.requested() != null;
        return new Line(stopping ? text + "; stopped by " + StopSignal.requested() + ", the newest complete checkpoint is kept"
                + " and resumable" : text, stopping ? StopSignal.EXIT_CODE : UserError.EXIT_CODE);
    }

    /** The out-of-memory error in {@code ex}'s causes (JavaCPP's off-heap one, or native bad_alloc), or null. */
    private static Throwable outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || offHeap(t)) {
                return t;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof OutOfMemoryError) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Whether {@code t} is ND4J failing to allocate native memory. */
    private static boolean offHeap(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("bad_alloc") || m.contains("physical memory usage is too high") || m.contains("cannot allocate new")
                || m.contains("failed to allocate") || m.contains("out of memory");
    }

    private static String outOfMemoryLine(Throwable oom) {
        String message = oom.getMessage() == null ? "" : oom.getMessage();
        String while_ = (MemoryBudget.activity() == null ? "" : " while " + MemoryBudget.activity())
                + ModelMemory.recentCrashDump().map(d -> " (DL4J's memory report: " + d + ")").orElse("");
        boolean heap = oom instanceof OutOfMemoryError && !offHeap(oom) && !message.contains("Direct buffer");
        if (heap) {
            return "out of Java heap" + while_ + " (the heap is " + MemoryBudget.size(Runtime.getRuntime().maxMemory())
                    + "): use a smaller input, or give the JVM more, e.g. " + MemoryBudget.JAVA_OPTS + "=-Xmx4g ./cnnlab ...";
        }
        return "out of memory outside the Java heap" + while_ + " (" + firstLine(message) + "): use a smaller model, minibatch or input; "
                + ModelMemory.offHeapAdvice(2 * ModelMemory.offHeapLimit());
    }

    private static String firstLine(String s) {
        String line = s.split("\n")[0].strip();
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
