package cnnlab.train;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT), SIGTERM and SIGUSR1 into a polite request to stop: training finishes the
 * minibatch in progress, writes a checkpoint and exits with {@link #EXIT_CODE}. Slurm sends SIGUSR1
 * ahead of a time limit ({@code --signal=B:USR1@120}) and SIGTERM on pre-emption. A second Ctrl-C
 * exits at once.
 */
public final class StopSignal {

    /** Exit code of a run that stopped early on a signal and can be resumed. */
    public static final int EXIT_CODE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final AtomicReference<String> REQUESTED = new AtomicReference<>();
    private static volatile boolean installed;
    private static volatile long stopAfterIterations = Long.MAX_VALUE;

    private StopSignal() {
    }

    /** Installs the handlers (once per JVM). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (String name : new String[] {"INT", "TERM", "USR1"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!REQUESTED.compareAndSet(null, "SIG" + s.getName()) && s.getName().equals("INT")) {
                        System.err.println("cnnlab: second interrupt, exiting without a checkpoint");
                        Runtime.getRuntime().halt(130);
                    }
                    LOG.warn("SIG{} received: stopping after this minibatch and writing a checkpoint", s.getName());
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("signal {} cannot be handled here: {}", name, e.getMessage());
            }
        }
        installed = true;
    }

    /** The signal that asked to stop, or {@code null}. */
    public static String requested() {
        return REQUESTED.get();
    }

    /** Asks the training loop to stop, as a signal would (for tests and embedding). */
    public static void request(String reason) {
        REQUESTED.compareAndSet(null, reason);
    }

    /**
     * Asks to stop, as a signal would, once {@code iterations} minibatches have been trained in all
     * (counting from the start of the run, across resumes): a deterministic stand-in for Ctrl-C or a
     * pre-emption, for tests and demonstrations.
     */
    public static void stopAfter(long iterations) {
        stopAfterIterations = iterations;
    }

    /** Called by the training loop with the minibatches trained so far; raises the request set by {@link #stopAfter}. */
    static void reached(long iterations) {
        if (iterations >= stopAfterIterations) {
            request("stop-after-" + stopAfterIterations);
        }
    }

    /** Clears a request and any {@link #stopAfter} (for tests, between runs in one JVM). */
    public static void clear() {
        REQUESTED.set(null);
        stopAfterIterations = Long.MAX_VALUE;
    }
}
