package cnnlab.model;

import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.nd4j.linalg.api.buffer.DataType;

import cnnlab.config.ExperimentConfig;
import cnnlab.io.MemoryBudget;

/**
 * The off-heap memory a network needs, from DL4J's own estimate ({@link MultiLayerConfiguration#getMemoryReport}),
 * checked against JavaCPP's limit on ND4J's memory before anything is allocated: a layer of 100,000
 * filters or 10<sup>8</sup> classes is refused with one line that names the layer, the memory it needs
 * and the settings that raise the limit, instead of crashing in native code ({@code std::bad_alloc})
 * or filling the machine's memory.
 */
public final class ModelMemory {

    private ModelMemory() {
    }

    /** JavaCPP's limit on ND4J's off-heap memory ({@value MemoryBudget#OFF_HEAP_PROPERTY}; by default the heap's size). */
    public static long offHeapLimit() {
        return Pointer.maxBytes();
    }

    /** JavaCPP's limit on the process's memory ({@value MemoryBudget#PHYSICAL_PROPERTY}), 0 for none. */
    public static long physicalLimit() {
        return Pointer.maxPhysicalBytes();
    }

    /**
     * "ND4J's off-heap memory is limited to 1.0 GB: raise it, e.g. CNNLAB_JAVA_OPTS='-Xmx1g
     * -Dorg.bytedeco.javacpp.maxbytes=8g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g' ./cnnlab ...":
     * the end of a message about off-heap memory, suggesting room for {@code needed} bytes.
     */
    public static String offHeapAdvice(long needed) {
        long heapGb = Math.max(1, Runtime.getRuntime().maxMemory() >> 30);
        long gb = Math.max(2, (long) Math.ceil(needed * 1.25 / (1L << 30)));
        return "ND4J's off-heap memory is limited to " + MemoryBudget.size(offHeapLimit()) + " (" + MemoryBudget.OFF_HEAP_PROPERTY
                + "); raise it, e.g. " + MemoryBudget.JAVA_OPTS + "='-Xmx" + heapGb + "g -D" + MemoryBudget.OFF_HEAP_PROPERTY + "=" + gb + "g -D"
                + MemoryBudget.PHYSICAL_PROPERTY + "=" + (gb + 2 * heapGb + 1) + "g' ./cnnlab ...";
    }

    /**
     * The memory report DL4J wrote when it ran out of memory in the last minute
     * ({@code dl4j-memory-crash-dump-*.txt}, in the run directory or the temp folder), if any.
     */
    public static java.util.Optional<java.nio.file.Path> recentCrashDump() {
        java.io.File dir = org.deeplearning4j.util.CrashReportingUtil.getCrashDumpRootDirectory();
        java.io.File[] dumps = dir == null ? null : dir.listFiles((d, name) -> name.startsWith("dl4j-memory-crash-dump-"));
        if (dumps == null) {
            return java.util.Optional.empty();
        }
        long since = System.currentTimeMillis() - 60_000;
        return java.util.Arrays.stream(dumps).filter(f -> f.lastModified() >= since).max(java.util.Comparator.comparingLong(java.io.File::lastModified))
                .map(java.io.File::toPath);
    }

    /**
     * Refuses a network whose parameters alone do not fit ND4J's memory (for {@code cnnlab summary},
     * which builds the network but trains nothing).
     *
     * @throws ModelTooBigException when they do not fit
     */
    public static void requireParameters(MultiLayerConfiguration conf, ExperimentConfig config) {
        NetworkMemoryReport report = report(conf, config);
        if (report == null) {
            return;
        }
        long params = report.getMemoryBytes(MemoryType.PARAMETERS, 1, MemoryUseMode.INFERENCE, CacheMode.NONE, DataType.FLOAT);
        refuseAbove(report, params, "its parameters", 1, MemoryUseMode.INFERENCE, config);
    }

    /**
     * Refuses a network that cannot be trained in ND4J's memory with minibatches of {@code config}'s
     * {@code training.batchSize}: parameters, gradients, updater state, activations and working memory.
     *
     * @throws ModelTooBigException when it does not fit
     */
    public static void requireTraining(MultiLayerConfiguration conf, ExperimentConfig config) {
        NetworkMemoryReport report = report(conf, config);
        if (report == null) {
            return;
        }
        int batch = config.training.batchSize;
        long total = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        refuseAbove(report, total, "training with minibatches of " + batch + " (training.batchSize)", batch, MemoryUseMode.TRAINING,
                config);
    }

    private static NetworkMemoryReport report(MultiLayerConfiguration conf, ExperimentConfig config) {
        try {
            return conf.getMemoryReport(NetworkFactory.inputType(config.model));
        } catch (RuntimeException e) {
            return null;   // a layer without an estimate: nothing to check before allocating
        }
    }

    private static void refuseAbove(NetworkMemoryReport report, long needed, String what, int batch, MemoryUseMode mode,
                                    ExperimentConfig config) {
        long limit = offHeapLimit();
        long machine = totalPhysical();
        if (needed <= limit && (machine <= 0 || needed <= machine)) {
            return;
        }
        String biggest = biggestLayer(report, batch, mode, config);
        String line = "the model needs about " + MemoryBudget.size(needed) + " for " + what
                + (biggest == null ? "" : ", most of it for " + biggest) + "; ";
        if (machine > 0 && needed > machine) {
            line += "this machine has " + MemoryBudget.size(machine) + " in all, so no " + MemoryBudget.JAVA_OPTS + " setting (-Xmx, -D"
                    + MemoryBudget.OFF_HEAP_PROPERTY + ") makes room: make the model or the minibatch smaller";
        } else {
            line += "make the model or the minibatch smaller, or: " + offHeapAdvice(needed);
        }
        throw new ModelTooBigException(line);
    }

    /** "model.layers[0] (conv, 100000 filters): 14.7 GB", the layer that needs most, or the output layer. */
    private static String biggestLayer(NetworkMemoryReport report, int batch, MemoryUseMode mode, ExperimentConfig config) {
        String name = null;
        long most = -1;
        int index = 0;
        int at = -1;
        for (Map.Entry<String, MemoryReport> e : report.getLayerAndVertexReports().entrySet()) {
            long bytes = e.getValue().getTotalMemoryBytes(batch, mode, CacheMode.NONE, DataType.FLOAT);
            if (bytes > most) {
                most = bytes;
                name = e.getKey();
                at = index;
            }
            index++;
        }
        if (name == null) {
            return null;
        }
        int layers = config.model.layers.size();
        String which = at < layers ? "model.layers[" + at + "]" : "the output layer (model.classes: " + config.model.classes + ")";
        return which + ": " + MemoryBudget.size(most);
    }

    private static long totalPhysical() {
        try {
            return Pointer.totalPhysicalBytes();
        } catch (UnsatisfiedLinkError e) {
            return 0;
        }
    }
}
