package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code slurm/train-spark.sbatch}, submitted with {@code slurm/submit spark}, under the tests' real
 * Slurm (the core's {@link SlurmCluster}, one node): the job starts a Spark master and, with {@code srun}, a worker on its node, trains a small
 * config with parameter averaging into its run directory, takes the time-limit warning (USR1 to the
 * batch script, as {@code --signal=B:USR1@300} sends it) by checkpointing, stopping its Spark cluster
 * and requeuing itself, and then continues the run from its checkpoint to the end. What only a
 * cluster of several nodes can show (a worker on every node, gradient sharing across them) is not
 * tested here (slurm/README.md).
 */
@Tag("slurm")
@ExtendWith(SlurmCluster.Extension.class)
@Timeout(600)
class SlurmSparkJobTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(7);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSparkJobTrainsCheckpointsAtTheTimeLimitWarningRequeuesAndStopsItsClusterEachTime(SlurmCluster slurm) throws Exception {
        // JobFiles' tiny LeNet, with a rate that takes it far above chance in its first epoch (every Spark run
        // stops with exit 2 when validation is at chance).
        Path config = JobFiles.tinyConfig(dir, "tiny", 3);
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("  batchSize: 32\n"), yaml);
        Files.writeString(config, yaml.replace("  batchSize: 32\n", "  batchSize: 32\n  optimizer: {type: adam, learningRate: 0.005}\n"));
        String[] submitted = slurm.submit(dir, Map.of("CNNLAB_SPARK_MASTER_PORT", String.valueOf(freePort()),
                        "CNNLAB_SPARK_PORT", String.valueOf(freePort()), "CNNLAB_SPARK_TIMEOUT", "240"),
                "spark", "tiny.yaml", "--nodes=1", "--mem=6G");
        String id = submitted[0];
        Path run = dir.resolve("runs/tiny-" + submitted[1]);
        SlurmCluster.awaitText(run.resolve("train.log"), "epoch 2/3 batch 5/", JOB_TIMEOUT);
        SlurmCluster.Result signal = slurm.command(dir, Map.of(), "scancel", "--signal=USR1", "--batch", id);
        assertEquals(0, signal.exitCode(), signal.output());

        Map<String, String> job = slurm.awaitEnd(id, JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-spark-" + id + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals("1", job.get("Restarts"), out);
        assertEquals("0:0", job.get("ExitCode"), out);
        assertTrue(out.contains("cnnlab-job: SIGUSR1 from Slurm: asking the trainer"), out);
        assertTrue(out.contains("cnnlab-job: stopped at the time limit (exit 3): requeuing job " + id), out);
        assertTrue(out.contains("restart 1: the trainer continues this job's run from its newest checkpoint"), out);
        assertTrue(out.contains("parameter averaging (ParameterAveragingTrainingMaster)"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);

        // Both starts stopped their master and workers when the script ended.
        List<Long> pids = new ArrayList<>();
        Matcher m = Pattern.compile("Spark (?:master \\S+ \\(pid|workers on \\S+ \\(srun pid) (\\d+)\\)").matcher(out);
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        assertEquals(4, pids.size(), "a master and an srun of workers per start: " + out);
        assertEquals(2, countOf(out, "cnnlab-job: Spark cluster stopped"), out);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Spark process " + pid + " still runs");
        }

        assertEquals("finished", JSON.readTree(run.resolve("run.json").toFile()).get("status").asText(), out);
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and 3 epochs");
        assertTrue(Files.exists(run.resolve("model.zip")));
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertTrue(metrics.get("testAccuracy").asDouble() > 0.15, "above chance: " + metrics);
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("resuming tiny-" + submitted[1]), log);
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
