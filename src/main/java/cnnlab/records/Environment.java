package cnnlab.records;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code environment.json}, and what {@code cnnlab info} prints: where a run ran. Collected by
 * {@code cnnlab.runtime.EnvironmentInfo}.
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION} when written; 0 for files written before it existed
 * @param backend {@code cpu} or {@code cuda}: the build's ND4J backend
 * @param cnnlabVersion cnnlab's version (from the build)
 * @param dl4jVersion DL4J's version (from the build)
 * @param nd4jVersion ND4J's version (from the build)
 * @param cudaVersion the CUDA version of the CUDA build; {@code null} on the CPU build
 * @param javacppVersion JavaCPP's version, as JavaCPP reports it
 * @param nd4jBackend ND4J's backend class (simple name); {@code null} when the backend could not start
 * @param backendError why the backend cannot start here; {@code null} when it started
 * @param devices the GPUs ND4J sees (empty on the CPU build)
 * @param blasVendor the BLAS library ND4J uses; {@code null} when the backend could not start
 * @param ompThreads ND4J's OpenMP threads; {@code null} when the backend could not start
 * @param dataType ND4J's default data type; {@code null} when the backend could not start
 * @param nd4j ND4J's own environment report, as ND4J gives it (sorted; devices and bandwidth counters left out)
 * @param workspaceMode DL4J's workspace modes
 * @param ompNumThreads the {@code OMP_NUM_THREADS} variable, or {@code unset}
 * @param layerThreads the threads cnnlab's fast layers split a minibatch over ({@code runtime.threads});
 *        {@code null} in files written before they existed
 * @param openblasCoretype the {@code OPENBLAS_CORETYPE} variable (the launcher sets it on AVX-512 CPUs), or
 *        {@code unset}; {@code null} in files written before it was recorded
 * @param cudaVisibleDevices the {@code CUDA_VISIBLE_DEVICES} variable, or {@code unset}
 * @param java Java's vendor and version
 * @param os the operating system, its version and architecture
 * @param cpu the CPU model
 * @param cores the processors Java may use
 * @param maxHeapBytes the JVM's maximum heap
 * @param javacppMaxBytes JavaCPP's limit on ND4J's memory outside the heap ({@code org.bytedeco.javacpp.maxbytes});
 *        {@code null} in files written before it was recorded
 * @param javacppMaxPhysicalBytes JavaCPP's limit on the process's resident memory
 *        ({@code org.bytedeco.javacpp.maxphysicalbytes}), 0 for none: the launcher sets 0, since JavaCPP
 *        otherwise reads the resident size on every native allocation (bench/NOTES.md, section 9, attempt L);
 *        {@code null} in files written before it was recorded
 * @param host the host name
 * @param slurmJobId {@code SLURM_JOB_ID}, empty outside Slurm
 * @param slurm the Slurm job, empty outside Slurm
 * @param site the cluster site the job scripts picked ({@code CNNLAB_SITE}: torch, greene or generic; see
 *        slurm/sites/); empty outside them, {@code null} in files written before it existed
 * @param gitCommit the checkout's commit, {@code +dirty} when it has changes; {@code unknown} outside git
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Environment(int schemaVersion, String backend, String cnnlabVersion, String dl4jVersion, String nd4jVersion,
                          String cudaVersion, String javacppVersion, String nd4jBackend, String backendError, List<Device> devices,
                          String blasVendor, Integer ompThreads, String dataType, Map<String, Object> nd4j, Workspaces workspaceMode,
                          String ompNumThreads, Integer layerThreads, String openblasCoretype, String cudaVisibleDevices, String java, String os, String cpu, Integer cores,
                          Long maxHeapBytes, Long javacppMaxBytes, Long javacppMaxPhysicalBytes, String host, String slurmJobId, SlurmJob slurm, String site, String gitCommit) {

    /** Lists and maps are never null, and cannot be changed. */
    public Environment {
        devices = devices == null ? List.of() : List.copyOf(devices);
        nd4j = nd4j == null ? null : Collections.unmodifiableMap(new TreeMap<>(nd4j));
    }

    /** Whether this is the CUDA build. */
    public boolean cuda() {
        return "cuda".equals(backend);
    }

    /**
     * A GPU as ND4J's CUDA backend reports it.
     *
     * @param index from 0, in ND4J's order
     * @param name e.g. {@code NVIDIA A100-SXM4-80GB}
     * @param computeCapability e.g. {@code 8.0}
     * @param totalMemoryBytes {@code null} when ND4J did not say
     * @param freeMemoryBytes {@code null} when ND4J did not say
     */
    public record Device(int index, String name, String computeCapability, Long totalMemoryBytes, Long freeMemoryBytes) {
    }

    /**
     * DL4J's workspace modes.
     *
     * @param training for fitting
     * @param inference for output
     */
    public record Workspaces(String training, String inference) {
    }

    /**
     * The Slurm job a run ran in, from Slurm's variables ({@code SLURM_JOB_ID} and so on); every field
     * {@code null} (and left out of the file) outside Slurm or when Slurm did not set it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlurmJob(String jobId, String jobName, String arrayJobId, String arrayTaskId, String restartCount,
                           String partition, String nodes, String cpusPerTask, String memoryMb, String gpus, String cluster) {

        /** The Slurm variable each field comes from, in the order of the fields. */
        public static final List<String> VARIABLES = List.of("SLURM_JOB_ID", "SLURM_JOB_NAME", "SLURM_ARRAY_JOB_ID",
                "SLURM_ARRAY_TASK_ID", "SLURM_RESTART_COUNT", "SLURM_JOB_PARTITION", "SLURM_JOB_NODELIST", "SLURM_CPUS_PER_TASK",
                "SLURM_MEM_PER_NODE", "SLURM_JOB_GPUS", "SLURM_CLUSTER_NAME");

        /** The job of these environment variables; fields of unset or empty variables are {@code null}. */
        public static SlurmJob of(Map<String, String> environment) {
            String[] v = new String[VARIABLES.size()];
            for (int i = 0; i < v.length; i++) {
                String value = environment.get(VARIABLES.get(i));
                v[i] = value == null || value.isEmpty() ? null : value;
            }
            return new SlurmJob(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
        }

        /** Whether this is no job: outside Slurm. */
        public boolean none() {
            return jobId == null && jobName == null && arrayJobId == null && arrayTaskId == null && restartCount == null
                    && partition == null && nodes == null && cpusPerTask == null && memoryMb == null && gpus == null && cluster == null;
        }
    }
}
