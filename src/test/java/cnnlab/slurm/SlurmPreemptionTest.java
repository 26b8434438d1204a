package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pre-emption under a real Slurm: a training job is interrupted in the middle of an epoch, and the job
 * that continues it ends with exactly the metrics of an uninterrupted job of the same config. Three
 * ways: {@code scontrol requeue} (what pre-emption does: TERM to every process of the job; the job
 * keeps its id), submitted by {@code slurm/submit} under the Torch site file, so the run is named by
 * the run id fixed at submission; the time-limit warning that {@code --signal=B:USR1@120} sends to the
 * batch script only (sent here with {@code scancel --signal USR1 --batch}), after which the script
 * requeues the job itself; and {@code scancel} followed by a resubmission with
 * {@code slurm/submit --run-id}: a new job id continuing the same run.
 */
@Tag("slurm")
@ExtendWith(SlurmCluster.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class SlurmPreemptionTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private String script;
    private String uninterrupted;

    @BeforeAll
    void submitTheUninterruptedRun(SlurmCluster slurm) throws IOException {
        JobFiles.preemptibleConfig(dir);
        script = SlurmCluster.REPO.resolve("slurm/train-cpu.sbatch").toString();
        uninterrupted = slurm.sbatch(dir, Map.of(), script, "preempt.yaml");
    }

    @Test
    void aJobRequeuedMidEpochContinuesFromItsCheckpointToTheSameMetrics(SlurmCluster slurm) throws Exception {
        // Under Torch's site file, with its preemption opt-in; scratch is the test folder, so runs stay here.
        String[] submitted = slurm.submit(dir, Map.of("CNNLAB_SITE", "torch", "CNNLAB_ACCOUNT", SlurmCluster.ACCOUNT, "SCRATCH", dir.toString(),
                "CNNLAB_JAVACPP_CACHE", System.getProperty("user.home") + "/.javacpp/cache"), "cpu", "preempt.yaml");
        String id = submitted[0];
        Path run = dir.resolve("runs/preempt-" + submitted[1]);
        SlurmCluster.awaitText(run.resolve("train.log"), "epoch 2/2 batch 10/", JOB_TIMEOUT);
        SlurmCluster.Result requeue = slurm.command(dir, Map.of(), "scontrol", "requeue", id);
        assertEquals(0, requeue.exitCode(), requeue.output());

        String out = finishedAfterOneRestart(slurm, id);
        assertTrue(out.contains("Stopped by SIGTERM after epoch 1 + "), out);
        assertTrue(out.contains("cnnlab-job: SIGTERM from Slurm"), out);
        assertEquals("preemption=yes;requeue=true", slurm.show(id).get(0).get("Comment"));
        assertEndsLikeTheUninterruptedRun(slurm, run, out);
    }

    @Test
    void aJobCancelledMidEpochAndSubmittedAgainUnderANewJobIdContinuesItsRun(SlurmCluster slurm) throws Exception {
        String[] first = slurm.submit(dir, Map.of(), "cpu", "preempt.yaml");
        Path run = dir.resolve("runs/preempt-" + first[1]);
        SlurmCluster.awaitText(run.resolve("train.log"), "epoch 2/2 batch 10/", JOB_TIMEOUT);
        SlurmCluster.Result cancel = slurm.command(dir, Map.of(), "scancel", first[0]);
        assertEquals(0, cancel.exitCode(), cancel.output());
        Map<String, String> cancelled = slurm.awaitEnd(first[0], JOB_TIMEOUT).get(0);
        String firstOut = Files.readString(dir.resolve("cnnlab-train-" + first[0] + ".out"));
        assertEquals("CANCELLED", cancelled.get("JobState"), firstOut);
        assertTrue(firstOut.contains("continue it with: slurm/submit --run-id " + first[1] + " cpu <the same arguments>"), firstOut);

        String[] again = slurm.submit(dir, Map.of(), "--run-id", first[1], "cpu", "preempt.yaml");
        assertNotEquals(first[0], again[0], "a new job");
        assertEquals(first[1], again[1], "the same run");
        Map<String, String> job = slurm.awaitEnd(again[0], JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-train-" + again[0] + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals("0", job.get("Restarts"), out);
        assertTrue(out.contains("train preempt.yaml --run-id " + first[1]), out);
        assertEndsLikeTheUninterruptedRun(slurm, run, firstOut + out);
    }

    @Test
    void theTimeLimitWarningMakesTheJobCheckpointRequeueItselfAndContinue(SlurmCluster slurm) throws Exception {
        String id = slurm.sbatch(dir, Map.of(), script, "preempt.yaml");
        Path run = dir.resolve("runs/preempt-" + id);
        SlurmCluster.awaitText(run.resolve("train.log"), "epoch 2/2 batch 10/", JOB_TIMEOUT);
        // What Slurm does 120 s before the time limit with --signal=B:USR1@120: USR1 to the batch script only.
        SlurmCluster.Result signal = slurm.command(dir, Map.of(), "scancel", "--signal=USR1", "--batch", id);
        assertEquals(0, signal.exitCode(), signal.output());

        String out = finishedAfterOneRestart(slurm, id);
        assertTrue(out.contains("cnnlab-job: SIGUSR1 from Slurm: asking the trainer"), out);
        assertTrue(out.contains("Stopped by SIGUSR1 after epoch 1 + "), out);
        assertTrue(out.contains("cnnlab-job: stopped at the time limit (exit 3): requeuing job " + id), out);
        assertEndsLikeTheUninterruptedRun(slurm, run, out);
    }

    /** Waits for the job; checks it restarted once and finished; returns its output file (both starts). */
    private String finishedAfterOneRestart(SlurmCluster slurm, String id) throws Exception {
        Map<String, String> job = slurm.awaitEnd(id, JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-train-" + id + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals("1", job.get("Restarts"), out);
        assertEquals("0:0", job.get("ExitCode"), out);
        assertTrue(out.contains("restart 1: the trainer continues this job's run from its newest checkpoint"), out);
        return out;
    }

    private void assertEndsLikeTheUninterruptedRun(SlurmCluster slurm, Path run, String out) throws Exception {
        try (Stream<Path> s = Files.list(run.getParent())) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith(run.getFileName() + "")).count(),
                    "the restarted job used the same run directory");
        }
        String log = Files.readString(run.resolve("train.log"));
        Matcher stop = Pattern.compile("stopped by SIG\\w+ after (\\d+) minibatches of epoch 2").matcher(log);
        assertTrue(stop.find(), log);
        int batches = Integer.parseInt(stop.group(1));
        assertTrue(batches > 0 && batches < 57, "stopped in the middle of epoch 2 (57 minibatches): " + batches);
        assertTrue(log.contains(String.format("resuming %s from stop-0001-%06d.zip (epoch 1 done, %d minibatches into the next)",
                run.getFileName(), batches, batches)), log);
        JsonNode info = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("finished", info.get("status").asText());
        List<String> history = new ArrayList<>();
        info.get("statusHistory").forEach(h -> history.add(h.asText().replaceAll("^\\S+ ", "")));
        assertEquals(List.of("running", "stopped", "running", "finished"), history);

        slurm.awaitEnd(uninterrupted, JOB_TIMEOUT);
        Path reference = dir.resolve("runs/preempt-" + uninterrupted);
        assertEquals(metricsWithoutTimes(reference), metricsWithoutTimes(run), "per-epoch losses and accuracies");
        JsonNode a = JSON.readTree(reference.resolve("metrics.json").toFile());
        JsonNode b = JSON.readTree(run.resolve("metrics.json").toFile());
        for (String field : List.of("testAccuracy", "testLoss", "macroF1", "bestValidationAccuracy", "confusionMatrix", "perClass")) {
            assertEquals(a.get(field), b.get(field), field);
        }
    }

    /** metrics.csv without its two timing columns (images per second, seconds). */
    private static List<String> metricsWithoutTimes(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] f = line.split(",");
            rows.add(String.join(",", f[0], f[1], f[2], f[3], f[6]));
        }
        return rows;
    }
}
