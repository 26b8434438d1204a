package cnnlab.spark;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Spark run from waiting forever: the start waits a bounded time for executors, and every
 * call into a training master runs under a time limit. When the limit passes, the call's Spark jobs
 * are cancelled (and, if the call still does not return within a minute, the Spark context is
 * stopped); the caller then gets a {@link SparkEpochTrainer.SparkTrainingFailed} with one line. A call
 * that fails otherwise (an executor lost, a task that failed four times) also ends in one line, the
 * details going to the log.
 *
 * <p>Why: gradient sharing has hung here for minutes with executors connected and no progress
 * (docs/parallel.md); a Slurm job would have burnt its whole allocation on it.
 *
 * <p>Limits, in seconds: {@code CNNLAB_SPARK_TIMEOUT} (or {@code -Dcnnlab.spark.timeout}) for one
 * call, an averaging step or a gradient-sharing epoch, default 3600; {@code CNNLAB_SPARK_START_TIMEOUT}
 * (or {@code -Dcnnlab.spark.startTimeout}) for the executors to register, default 300.
 */
final class SparkWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(SparkWatchdog.class);
    private static final String GROUP = "cnnlab-training";

    private final JavaSparkContext sc;
    private final String masterUrl;
    private final long limitSeconds;
    private final long startSeconds;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cnnlab-spark-watchdog");
        t.setDaemon(true);
        return t;
    });

    SparkWatchdog(JavaSparkContext sc, String masterUrl) {
        this(sc, masterUrl, seconds("cnnlab.spark.timeout", "CNNLAB_SPARK_TIMEOUT", 3600),
                seconds("cnnlab.spark.startTimeout", "CNNLAB_SPARK_START_TIMEOUT", 300));
    }

    /** With the limits given (the tests). */
    SparkWatchdog(JavaSparkContext sc, String masterUrl, long limitSeconds, long startSeconds) {
        this.sc = sc;
        this.masterUrl = masterUrl;
        this.limitSeconds = limitSeconds;
        this.startSeconds = startSeconds;
    }

    /**
     * Waits until {@code expected} executors have registered (0: at least one, and no new one for 5 s),
     * and returns Spark's task slots (the executors' cores, {@code defaultParallelism}).
     */
    int awaitExecutors(int expected) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(startSeconds);
        int seen = 0;
        long stableSince = System.nanoTime();
        while (true) {
            int now = sc.sc().statusTracker().getExecutorInfos().length - 1;   // the driver is listed too
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            }
            boolean enough = expected > 0 ? seen >= expected
                    : seen >= 1 && System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(5);
            if (enough) {
                int slots = sc.defaultParallelism();
                LOG.info("Spark {}: {} executors, {} task slots", masterUrl, seen, slots);
                return slots;
            }
            if (System.nanoTime() > end) {
                throw new SparkEpochTrainer.SparkTrainingFailed(String.format(Locale.ROOT,
                        "--spark %s: %d of %s Spark executors registered within %d s (CNNLAB_SPARK_START_TIMEOUT): are the"
                                + " workers running, and can they reach this driver (CNNLAB_SPARK_DRIVER_HOST)?",
                        masterUrl, seen, expected > 0 ? String.valueOf(expected) : "at least 1", startSeconds));
            }
            sleep(500);
        }
    }

    /** Runs {@code call} (a training master's fit) under the time limit; {@code what} names it in the error. */
    void run(String what, Runnable call) {
        AtomicBoolean fired = new AtomicBoolean();
        sc.setJobGroup(GROUP, what, true);
        ScheduledFuture<?> cancel = timer.schedule(() -> {
            fired.set(true);
            LOG.warn("Spark: {} has run for {} s (CNNLAB_SPARK_TIMEOUT); cancelling its jobs", what, limitSeconds);
            sc.cancelJobGroup(GROUP);
        }, limitSeconds, TimeUnit.SECONDS);
        ScheduledFuture<?> stop = timer.schedule(() -> {
            LOG.warn("Spark: {} did not return after its jobs were cancelled; stopping the Spark context", what);
            sc.stop();
        }, limitSeconds + 60, TimeUnit.SECONDS);
        try {
            call.run();
        } catch (Exception e) {   // Spark throws its checked SparkException through Scala, undeclared
            if (fired.get()) {
                throw timedOut(what);
            }
            if (e instanceof SparkEpochTrainer.SparkTrainingFailed) {
                throw (SparkEpochTrainer.SparkTrainingFailed) e;
            }
            LOG.warn("Spark: {} failed", what, e);
            throw new SparkEpochTrainer.SparkTrainingFailed(String.format(Locale.ROOT, "--spark %s: %s failed: %s (details in"
                    + " the run's log; the last checkpoint stays: resume with --resume)", masterUrl, what, firstLine(e)));
        } finally {
            cancel.cancel(false);
            stop.cancel(false);
            sc.clearJobGroup();
        }
        if (fired.get()) {
            throw timedOut(what);
        }
    }

    private SparkEpochTrainer.SparkTrainingFailed timedOut(String what) {
        return new SparkEpochTrainer.SparkTrainingFailed(String.format(Locale.ROOT,
                "--spark %s: %s made no progress within %d s (CNNLAB_SPARK_TIMEOUT); stopped (the last checkpoint stays:"
                        + " resume with --resume; executor logs in the Spark workers' work folders)", masterUrl, what, limitSeconds));
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    void close() {
        timer.shutdownNow();
    }

    private static long seconds(String property, String env, long fallback) {
        String v = System.getProperty(property, System.getenv(env));
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long s = Long.parseLong(v.trim());
            if (s > 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SparkEpochTrainer.SparkTrainingFailed(env + ": expected a whole number of seconds above 0, got '" + v + "'");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkEpochTrainer.SparkTrainingFailed("interrupted while waiting for Spark executors");
        }
    }
}
