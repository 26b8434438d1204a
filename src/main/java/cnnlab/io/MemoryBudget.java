package cnnlab.io;

import java.util.Locale;

/**
 * How much Java heap is left, checked before a large allocation whose size is known in advance (an
 * {@code .npz} array from its header, a picture from its dimensions), so that an input too big for
 * this JVM is refused with one line that names it and the setting that raises the limit, instead of
 * ending in an {@link OutOfMemoryError}.
 *
 * <p>It also remembers what the program is working on ({@link #during}), so that an out-of-memory
 * error that could not be foreseen is still reported as "out of memory while loading X".
 */
public final class MemoryBudget {

    /** The environment variable the launcher passes to the JVM. */
    public static final String JAVA_OPTS = "CNNLAB_JAVA_OPTS";
    /** JavaCPP's limit of ND4J's off-heap memory (by default as large as the heap). */
    public static final String OFF_HEAP_PROPERTY = "org.bytedeco.javacpp.maxbytes";
    /** JavaCPP's limit of the whole process's memory (by default twice the heap plus the off-heap limit). */
    public static final String PHYSICAL_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";

    private static volatile String activity;

    private MemoryBudget() {
    }

    /** The heap this JVM may still use: its maximum less what is in use now. */
    public static long freeHeap() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /** Whether {@code bytes} more fit in the heap (after a collection, if needed to tell). */
    public static boolean fitsHeap(long bytes) {
        if (bytes < freeHeap()) {
            return true;
        }
        System.gc();   // what is in use may be garbage; a rare, large request is worth one collection
        return bytes < freeHeap();
    }

    /**
     * "needs 1.2 GB of Java heap, 850 MB of 1.0 GB is free; give the JVM more, e.g.
     * CNNLAB_JAVA_OPTS=-Xmx4g ./cnnlab ...": the end of a message about an input too big for the heap.
     */
    public static String heapAdvice(long needed) {
        long max = Runtime.getRuntime().maxMemory();
        long suggest = Math.max(2, (long) Math.ceil((needed + (max - freeHeap())) * 1.5 / (1L << 30)));
        return "needs " + size(needed) + " of Java heap, " + size(freeHeap()) + " of " + size(max) + " is free; give the JVM more, e.g. "
                + JAVA_OPTS + "=-Xmx" + suggest + "g ./cnnlab ...";
    }

    /** A byte count as people read it: {@code 512 KB}, {@code 37.5 MB}, {@code 3.2 GB}. */
    public static String size(long bytes) {
        if (bytes < 1L << 20) {
            return (bytes + 1023) / 1024 + " KB";
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /** Records what the program is working on now (e.g. "loading data/x.npz"), for an out-of-memory message. */
    public static void during(String what) {
        activity = what;
    }

    /** What the program was last working on, or {@code null}. */
    public static String activity() {
        return activity;
    }
}
