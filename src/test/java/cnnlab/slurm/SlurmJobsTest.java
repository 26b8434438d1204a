package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The job scripts in slurm/, submitted with sbatch to a real Slurm (22.05, one node, started by
 * slurm/test/slurm-up.sh): a CPU training job, a sweep as a job array and its {@code cnnlab runs}
 * table, and a GPU job on the node's fake GPUs, refused with one line on a CPU-only build.
 */
@Tag("slurm")
@ExtendWith(SlurmCluster.Extension.class)
@Timeout(600)
class SlurmJobsTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCpuJobTrainsItsConfigIntoARunNamedAfterTheJob(SlurmCluster slurm) throws Exception {
        JobFiles.tinyConfig(dir, "tiny", 2);
        String id = slurm.sbatch(dir, Map.of(), SlurmCluster.REPO.resolve("slurm/train-cpu.sbatch").toString(), "tiny.yaml");
        Map<String, String> job = slurm.awaitEnd(id, JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-train-" + id + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals("0:0", job.get("ExitCode"));
        // The script's defaults, as Slurm recorded them.
        assertEquals("cnnlab-train", job.get("JobName"));
        assertEquals("01:00:00", job.get("TimeLimit"));
        assertEquals("2", job.get("NumCPUs"));
        assertEquals("8G", job.get("MinMemoryNode"));
        assertEquals("1", job.get("Requeue"));

        Path run = dir.resolve("runs/tiny-" + id);
        assertEquals("finished", JSON.readTree(run.resolve("run.json").toFile()).get("status").asText(), out);
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and 2 epochs");
        assertTrue(Files.exists(run.resolve("model.zip")));
        JsonNode env = JSON.readTree(run.resolve("environment.json").toFile());
        assertEquals(id, env.get("slurmJobId").asText());
        assertEquals(id, env.get("slurm").get("jobId").asText());
        assertEquals("cpu", env.get("backend").asText());
        assertTrue(out.contains("cnnlab-job: job " + id + " 'cnnlab-train' on localhost, restart 0"), out);
        assertTrue(out.contains("train tiny.yaml --run-id " + id), out);
        assertTrue(out.contains("Finished runs/tiny-" + id), out);
    }

    @Test
    void aSweepIsAJobArrayOfItsConfigsAndRunsTabulatesIt(SlurmCluster slurm) throws Exception {
        JobFiles.threeConfigSweep(dir);
        String[] submitted = slurm.submit(dir, Map.of("CNNLAB_THROTTLE", "2"), "sweep", "sweep-lr.yaml");
        String id = submitted[0];
        String run = submitted[1];

        List<Map<String, String>> tasks = slurm.awaitEnd(id, JOB_TIMEOUT);
        assertEquals(3, tasks.size(), tasks.toString());
        for (Map<String, String> task : tasks) {
            String log = dir.resolve("cnnlab-sweep-" + id + "_" + task.get("ArrayTaskId") + ".out").toString();
            assertEquals("COMPLETED", task.get("JobState"), log + ": " + readIfExists(Path.of(log)));
            assertEquals("0:0", task.get("ExitCode"));
            assertEquals(id, task.get("ArrayJobId"));
            assertEquals("2", task.get("ArrayTaskThrottle"));
            assertEquals(SlurmCluster.ACCOUNT, task.get("Account"));
        }

        Path runs = dir.resolve("runs/sweep-lr-" + run);
        try (Stream<Path> s = Files.list(runs)) {
            assertEquals(List.of("lr-00-0.001-" + run + "_0", "lr-01-0.002-" + run + "_1", "lr-02-0.004-" + run + "_2"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        SlurmCluster.Result table = slurm.command(dir, Map.of(), SlurmCluster.REPO.resolve("cnnlab").toString(), "runs", runs.toString());
        assertEquals(0, table.exitCode(), table.output());
        List<String> rows = table.output().lines().filter(l -> l.startsWith("lr-")).toList();
        assertEquals(3, rows.size(), table.output());
        for (String row : rows) {
            assertTrue(row.matches("lr-0\\d-0\\.00\\d-" + run + "_\\d\\s+finished\\s+1/1\\s+\\d+\\.\\d\\d%\\s+\\d+\\.\\d\\d%.*sweep-lr\\.yaml"), row);
        }
        SlurmCluster.Result csv = slurm.command(dir, Map.of(), SlurmCluster.REPO.resolve("cnnlab").toString(), "runs", runs.toString(),
                "--format", "csv");
        assertEquals(4, csv.output().lines().filter(l -> l.startsWith("run,") || l.startsWith("lr-")).count(), csv.output());
    }

    @Test
    void aGpuJobIsScheduledOnAGpuAndRefusedWithOneLineOnACpuBuildOrForASmallModel(SlurmCluster slurm) throws Exception {
        JobFiles.tinyConfig(dir, "tiny", 1);
        // GPU jobs run in a CUDA container image; a stand-in records how it is called and runs the command.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        FakeApptainer.install(bin, dir.resolve("apptainer-calls.txt"));
        Path image = Files.writeString(dir.resolve("cuda11.6.sif"), "not really an image");
        // Forced past the small-model refusal, so that the CPU build's refusal shows.
        Map<String, String> cpuBuild = Map.of("CNNLAB_BACKEND", "cpu", "CNNLAB_SIF", image.toString(),
                "PATH", bin + ":" + System.getenv("PATH"), "CNNLAB_GPU_FORCE", "1");
        String script = SlurmCluster.REPO.resolve("slurm/train-gpu.sbatch").toString();
        String inImage = slurm.sbatch(dir, cpuBuild, script, "tiny.yaml");
        String direct = slurm.sbatch(dir, Map.of("CNNLAB_BACKEND", "cpu", "CNNLAB_SIF", ""), script, "tiny.yaml");

        for (String id : List.of(inImage, direct)) {
            Map<String, String> job = slurm.awaitEnd(id, JOB_TIMEOUT).get(0);
            String out = Files.readString(dir.resolve("cnnlab-gpu-" + id + ".out"));
            assertEquals("gres:gpu:1", job.get("TresPerNode"), "scheduled with a GPU");
            assertEquals("FAILED", job.get("JobState"), out);
            assertEquals("2:0", job.get("ExitCode"), "a user error: " + out);
            assertTrue(out.contains("(CUDA_VISIBLE_DEVICES=0)") || out.contains("(CUDA_VISIBLE_DEVICES=1)"), out);
            assertTrue(out.contains(id.equals(inImage) ? "cnnlab: runtime.backend: the config requires cuda but this build runs on cpu"
                    : "cnnlab: runtime.backend cuda: 'tiny' is too small to keep a GPU busy: about "), out);
            assertTrue(out.contains("cnnlab refused to train (exit 2)"), out);
            assertFalse(out.contains("\tat "), "no stack trace: " + out);
        }
        String out = Files.readString(dir.resolve("cnnlab-gpu-" + inImage + ".out"));
        assertTrue(out.contains("running in the container image " + image + " (apptainer)"), out);
        assertTrue(out.contains("fake-apptainer: exec --nv " + image + " " + SlurmCluster.REPO.resolve("cnnlab") + " train tiny.yaml"), out);
        assertTrue(Files.readString(dir.resolve("cnnlab-gpu-" + direct + ".out")).contains("no container image (CNNLAB_IMAGE): running directly"));
        assertFalse(Files.exists(dir.resolve("runs")), "refused before a run directory is made");
    }

    @Test
    void aPurgedJarIsCaughtBeforeTraining(SlurmCluster slurm) throws Exception {
        JobFiles.tinyConfig(dir, "tiny", 1);
        // As after /scratch's purge: one jar of the class path is gone.
        Path gone = dir.resolve("m2/org/example/purged-1.0.jar");
        String classpath = System.getProperty("java.class.path") + ":" + gone;
        String id = slurm.sbatch(dir, Map.of("CNNLAB_CLASSPATH", classpath), SlurmCluster.REPO.resolve("slurm/train-cpu.sbatch").toString(),
                "tiny.yaml");
        Map<String, String> job = slurm.awaitEnd(id, JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-train-" + id + ".out"));
        assertEquals("2:0", job.get("ExitCode"), out);
        assertTrue(out.contains("cnnlab: 1 jars of the class path are missing (e.g. " + gone + ") in CNNLAB_CLASSPATH: purged from scratch?"), out);
        assertTrue(out.contains("cnnlab refused to train (exit 2)"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
        assertFalse(Files.exists(dir.resolve("runs")), "caught before a run directory is made");
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(no file)";
    }
}
