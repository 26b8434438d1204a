package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** {@link LayerThreads}: shares run at once, a share is never split again, and its thread keeps ND4J on one OpenMP thread. */
class LayerThreadsTest {

    @BeforeAll
    static void nd4jLoaded() {
        Nd4j.getBackend();   // NativeOpsHolder needs ND4J's native library loaded first
    }

    @AfterEach
    void oneThreadAgain() {
        LayerThreads.set(1);
    }

    @Test
    void aShareRunsItsOwnSharesOnItsOwnThread() {
        LayerThreads.set(3);
        int[] inner = new int[3];
        AtomicInteger nestedTasks = new AtomicInteger();
        LayerThreads.run(3, s -> {
            inner[s] = LayerThreads.shares(64);
            LayerThreads.run(2, t -> nestedTasks.incrementAndGet());   // inline: the pool must not wait on itself
        });
        assertArrayEquals(new int[] {1, 1, 1}, inner);
        assertEquals(6, nestedTasks.get());
        assertEquals(3, LayerThreads.shares(64), "outside a share the count is back");
    }

    @Test
    void everyShareThreadHasOneOpenMpThread() throws InterruptedException {
        LayerThreads.set(3);
        int[] omp = new int[3];
        LayerThreads.run(3, s -> omp[s] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        int[] fresh = new int[1];
        Thread plain = new Thread(() -> fresh[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        plain.start();
        plain.join();
        // a thread of its own would have OMP_NUM_THREADS or every CPU (here: fresh[0])
        assertEquals(1, omp[1], "share 1 (a new thread would have " + fresh[0] + ")");
        assertEquals(1, omp[2], "share 2 (a new thread would have " + fresh[0] + ")");
    }

    @Test
    void aFailingShareFailsTheCall() {
        LayerThreads.set(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LayerThreads.run(2, s -> {
            if (s == 1) {
                throw new IllegalStateException("share 1 failed");
            }
        }));
        assertEquals("share 1 failed", e.getMessage());
    }
}
