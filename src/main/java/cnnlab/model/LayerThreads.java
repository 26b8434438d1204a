package cnnlab.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The threads over which cnnlab's fast layers split a minibatch ({@code runtime.threads}): with
 * {@code t} threads, a layer cuts its minibatch into up to {@code t} shares of whole examples and
 * computes them at once, one on the calling thread and the others on a small pool of daemon threads.
 *
 * <p>Why not ND4J's own threads: LeNet's ND4J operations are small, and libnd4j's OpenMP threads (and
 * OpenBLAS's) spin between them; on the 2-core machines measured, two of those threads made a training
 * step about half as fast as one (bench/NOTES.md). Splitting whole examples keeps each share's matrix
 * products large and single-threaded, and the shares need no locks: each writes only its own examples
 * and its own gradient sums, which the calling thread then adds in a fixed order (so a run is
 * reproducible for a given thread count; different counts differ in the last bits of float sums).
 */
public final class LayerThreads {

    private static int threads = 1;
    private static ExecutorService pool;
    /** Whether the current thread is running a share: a share is never split again (the pool would wait on itself). */
    private static final ThreadLocal<Boolean> IN_SHARE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private LayerThreads() {
    }

    /** Sets the number of threads (1: everything on the calling thread); starts or replaces the pool. */
    public static synchronized void set(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + count);
        }
        if (count == threads) {
            return;
        }
        if (pool != null) {
            pool.shutdown();
        }
        threads = count;
        pool = count == 1 ? null : Executors.newFixedThreadPool(count - 1, task -> {
            Thread t = new Thread(() -> {
                oneOpenMpThread();
                task.run();
            }, "cnnlab-layer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Keeps ND4J's operations on the calling thread to one OpenMP thread. OpenMP's thread count belongs
     * to each calling thread (a new one starts from {@code OMP_NUM_THREADS}, or every CPU), so the
     * setting that {@code RuntimeSettings} made for the main thread does not reach the pool's threads.
     * Never throws: a thread whose ND4J cannot load fails in its task instead, where the caller hears of it.
     */
    private static void oneOpenMpThread() {
        try {
            Nd4j.getBackend();   // ND4J's native library must be loaded before NativeOpsHolder, or that class stays broken
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        } catch (RuntimeException | LinkageError e) {
            // reported by the task's own first ND4J call
        }
    }

    /** The number of threads set (1 unless {@link #set} said otherwise). */
    public static synchronized int count() {
        return threads;
    }

    /**
     * Into how many shares to cut a minibatch of {@code examples}: the thread count, at most one share per
     * example; 1 inside a share that {@link #run} is running (a share of a {@link MinibatchSplit} runs its
     * layers on its own thread).
     */
    static int shares(int examples) {
        return IN_SHARE.get() ? 1 : Math.max(1, Math.min(count(), examples));
    }

    /**
     * Runs {@code task.accept(share)} for every share in {@code [0, shares)}, share 0 on the calling
     * thread, and returns when all have finished; the first failure is rethrown on the calling thread.
     * Inside a share, the shares run one after the other on the current thread.
     */
    static void run(int shares, IntConsumer task) {
        ExecutorService workers;
        synchronized (LayerThreads.class) {
            workers = pool;
        }
        if (shares == 1 || workers == null || IN_SHARE.get()) {
            for (int s = 0; s < shares; s++) {
                task.accept(s);
            }
            return;
        }
        Future<?>[] others = new Future<?>[shares - 1];
        for (int s = 1; s < shares; s++) {
            int share = s;
            others[s - 1] = workers.submit(() -> asShare(task, share));
        }
        Throwable failure = null;
        try {
            asShare(task, 0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted while a layer's threads ran", e);
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static void asShare(IntConsumer task, int share) {
        IN_SHARE.set(Boolean.TRUE);
        try {
            task.accept(share);
        } finally {
            IN_SHARE.set(Boolean.FALSE);
        }
    }
}
