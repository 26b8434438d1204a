package cnnlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import cnnlab.config.RuntimeConfig;

/** How many threads the fast layers get from {@code runtime.threads} and {@code runtime.workers}. */
class LayerThreadsSettingTest {

    private static RuntimeConfig runtime(int threads, int workers) {
        RuntimeConfig r = new RuntimeConfig();
        r.threads = threads;
        r.workers = workers;
        return r;
    }

    @Test
    void aSetCountIsTaken() {
        assertEquals(3, RuntimeSettings.layerThreads(runtime(3, 1)));
        assertEquals(3, RuntimeSettings.layerThreads(runtime(3, 4)));
    }

    @Test
    void zeroMeansEveryProcessorSharedAmongTheWorkers() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus, RuntimeSettings.layerThreads(runtime(0, 1)));
        assertEquals(Math.max(1, cpus / 2), RuntimeSettings.layerThreads(runtime(0, 2)));
        assertEquals(1, RuntimeSettings.layerThreads(runtime(0, cpus + 1)), "never fewer than one");
    }
}
