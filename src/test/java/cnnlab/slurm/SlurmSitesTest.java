package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The site files (slurm/sites/torch, greene, generic) under a real Slurm with accounting: the test
 * cluster refuses a job without an account, as Torch does; {@code slurm/submit} stops with one line
 * before sbatch when a site needs an account and none is set; and every job script (cpu, gpu, sweep)
 * runs under the Torch and Greene site files with what each site asks of sbatch, checked in
 * {@code scontrol show job}: Torch's account, preemption and MPS comment, GPU constraint; Greene's
 * typed GPU. (The generic site is what {@link SlurmJobsTest} and {@link SlurmPreemptionTest} use.)
 */
@Tag("slurm")
@ExtendWith(SlurmCluster.Extension.class)
@Timeout(600)
class SlurmSitesTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aJobWithoutAnAccountIsRefusedAndTorchSaysHowToFindYours(SlurmCluster slurm) throws Exception {
        JobFiles.tinyConfig(dir, "tiny", 1);
        String script = SlurmCluster.REPO.resolve("slurm/train-cpu.sbatch").toString();
        SlurmCluster.Result refused = slurm.commandWithout(dir, Set.of("SBATCH_ACCOUNT"), Map.of(), "sbatch", script, "tiny.yaml");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("Invalid account or account/partition combination specified"), refused.output());

        SlurmCluster.Result noAccount = slurm.commandWithout(dir, Set.of("SBATCH_ACCOUNT"), Map.of("CNNLAB_SITE", "torch"),
                SlurmCluster.REPO.resolve("slurm/submit").toString(), "cpu", "tiny.yaml");
        assertEquals(2, noAccount.exitCode(), noAccount.output());
        assertEquals("submit: NYU Torch needs --account on every job and none is set: list yours with my_slurm_accounts on a Torch"
                + " login node, then: export CNNLAB_ACCOUNT=torch_pr_XXX_XXXXX", noAccount.output().strip());

        Map<String, String> env = new HashMap<>(Map.of("CNNLAB_SITE", "torch", "CNNLAB_ACCOUNT", SlurmCluster.ACCOUNT));
        env.put("SCRATCH", dir.toString());
        String[] job = submitWithout(slurm, env, "cpu", "tiny.yaml");
        Map<String, String> done = slurm.awaitEnd(job[0], JOB_TIMEOUT).get(0);
        assertEquals("COMPLETED", done.get("JobState"), Files.readString(dir.resolve("cnnlab-train-" + job[0] + ".out")));
        assertEquals(SlurmCluster.ACCOUNT, done.get("Account"));
        String sacct = "";
        for (int i = 0; i < 50 && !sacct.equals(SlurmCluster.ACCOUNT + "|COMPLETED"); i++) {
            Thread.sleep(200);   // slurmctld tells slurmdbd of the job's end a moment after it ends
            sacct = slurm.command(dir, Map.of(), "sacct", "-X", "-n", "-P", "-j", job[0], "-o", "Account,State").output().strip();
        }
        assertEquals(SlurmCluster.ACCOUNT + "|COMPLETED", sacct, "slurmdbd has the job");
    }

    @Test
    void everyScriptRunsUnderTheTorchAndGreeneSiteFilesWithWhatEachSiteAsks(SlurmCluster slurm) throws Exception {
        JobFiles.tinyConfig(dir, "tiny", 1);
        Files.writeString(dir.resolve("sweep-two.yaml"), """
                sweep: two
                base: tiny.yaml
                grid:
                  training.optimizer.learningRate: [0.001, 0.002]
                """);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        FakeApptainer.install(bin, dir.resolve("apptainer-calls.txt"));
        Path image = Files.writeString(dir.resolve("cuda11.6.sif"), "not really an image");
        // Torch's scratch is a folder that the test folder is not in: runs and JavaCPP's cache go there.
        Path scratch = Files.createDirectories(dir.resolve("scratch"));

        Map<String, String> torch = new HashMap<>(Map.of("CNNLAB_SITE", "torch", "CNNLAB_ACCOUNT", SlurmCluster.ACCOUNT,
                "SCRATCH", scratch.toString(), "PATH", bin + ":" + System.getenv("PATH"), "CNNLAB_IMAGE", image.toString(),
                "CNNLAB_BACKEND", "cpu"));
        Map<String, String> greene = new HashMap<>(Map.of("CNNLAB_SITE", "greene", "SCRATCH", dir.toString(),
                "CNNLAB_JAVACPP_CACHE", System.getProperty("user.home") + "/.javacpp/cache", "CNNLAB_BACKEND", "cpu"));
        String[] torchCpu = slurm.submit(dir, torch, "cpu", "tiny.yaml");
        String[] torchGpu = slurm.submit(dir, torch, "--gpu-type", "h200", "gpu", "tiny.yaml");
        String[] torchSweep = slurm.submit(dir, torch, "--gpu", "--mps", "--force", "sweep", "sweep-two.yaml");
        String[] greeneCpu = slurm.submit(dir, greene, "cpu", "tiny.yaml");
        String[] greeneGpu = slurm.submit(dir, greene, "--gpu-type", "rtx8000", "gpu", "tiny.yaml");
        String[] greeneSweep = slurm.submit(dir, greene, "sweep", "sweep-two.yaml");

        // Torch: account, preemption opt-in, CPU job in the image without --nv, runs and JavaCPP on scratch.
        Map<String, String> job = slurm.awaitEnd(torchCpu[0], JOB_TIMEOUT).get(0);
        String out = Files.readString(dir.resolve("cnnlab-train-" + torchCpu[0] + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals(SlurmCluster.ACCOUNT, job.get("Account"));
        assertEquals("preemption=yes;requeue=true", job.get("Comment"));
        assertTrue(out.contains("cnnlab-job: site torch (NYU Torch; picked by CNNLAB_SITE), run id " + torchCpu[1] + " (fixed at submission)"), out);
        assertTrue(out.contains("fake-apptainer: exec " + image + " "), "CPU jobs run in the image without --nv: " + out);
        Path run = scratch.resolve("cnnlab/runs/tiny-" + torchCpu[1]);
        assertEquals("torch", JSON.readTree(run.resolve("environment.json").toFile()).get("site").asText(), out);
        assertTrue(Files.isDirectory(scratch.resolve(".javacpp/cache")), "JavaCPP's cache on scratch: " + out);
        try (Stream<Path> s = Files.list(scratch.resolve(".javacpp/cache"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("nd4j-native")), "ND4J unpacked there");
        }

        // Torch GPU: --gres=gpu:1 with the type as a constraint, in the image with --nv; LeNet refused as too small.
        job = slurm.awaitEnd(torchGpu[0], JOB_TIMEOUT).get(0);
        out = Files.readString(dir.resolve("cnnlab-gpu-" + torchGpu[0] + ".out"));
        assertEquals("gres:gpu:1", job.get("TresPerNode"), out);
        assertEquals("h200", job.get("Features"));
        assertEquals("preemption=yes;requeue=true", job.get("Comment"));
        assertEquals("2:0", job.get("ExitCode"), out);
        assertTrue(out.contains("fake-apptainer: exec --nv " + image + " "), out);
        assertTrue(out.contains("is too small to keep a GPU busy"), out);

        // Torch GPU sweep with MPS: the comment combines preemption and MPS; forced past the size check, the CPU build refuses.
        List<Map<String, String>> tasks = slurm.awaitEnd(torchSweep[0], JOB_TIMEOUT);
        assertEquals(2, tasks.size());
        for (Map<String, String> t : tasks) {
            out = Files.readString(dir.resolve("cnnlab-sweep-" + torchSweep[0] + "_" + t.get("ArrayTaskId") + ".out"));
            assertEquals("preemption=yes;requeue=true;gpu_mps=yes", t.get("Comment"));
            assertEquals("gres:gpu:1", t.get("TresPerNode"));
            assertEquals("2:0", t.get("ExitCode"), out);
            assertTrue(out.contains("the config requires cuda but this build runs on cpu"), out);
        }

        // Greene: no account needed (the test cluster's still applies through SBATCH_ACCOUNT), no comment, typed GPU.
        job = slurm.awaitEnd(greeneCpu[0], JOB_TIMEOUT).get(0);
        out = Files.readString(dir.resolve("cnnlab-train-" + greeneCpu[0] + ".out"));
        assertEquals("COMPLETED", job.get("JobState"), out);
        assertEquals("(null)", job.getOrDefault("Comment", "(null)"));
        assertTrue(out.contains("cnnlab-job: site greene (NYU Greene; picked by CNNLAB_SITE)"), out);
        assertEquals("greene", JSON.readTree(dir.resolve("runs/tiny-" + greeneCpu[1] + "/environment.json").toFile()).get("site").asText());
        job = slurm.awaitEnd(greeneGpu[0], JOB_TIMEOUT).get(0);
        out = Files.readString(dir.resolve("cnnlab-gpu-" + greeneGpu[0] + ".out"));
        assertEquals("gres:gpu:rtx8000:1", job.get("TresPerNode"), out);
        assertEquals("2:0", job.get("ExitCode"), out);
        assertTrue(out.contains("no container image '/scratch/work/public/singularity/cuda11.6"), "Greene's image is not here: " + out);
        tasks = slurm.awaitEnd(greeneSweep[0], JOB_TIMEOUT);
        for (Map<String, String> t : tasks) {
            assertEquals("COMPLETED", t.get("JobState"), readLog(dir.resolve("cnnlab-sweep-" + greeneSweep[0] + "_" + t.get("ArrayTaskId") + ".out")));
        }
        try (Stream<Path> s = Files.list(dir.resolve("runs/sweep-two-" + greeneSweep[1]))) {
            assertEquals(2, s.count());
        }
        assertFalse(Files.readString(dir.resolve("apptainer-calls.txt")).isBlank());
    }

    private String[] submitWithout(SlurmCluster slurm, Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(SlurmCluster.REPO.resolve("slurm/submit").toString()));
        cmd.addAll(List.of(args));
        SlurmCluster.Result r = slurm.commandWithout(dir, Set.of("SBATCH_ACCOUNT"), env, cmd.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.output());
        String job = r.output().lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow(() -> new AssertionError(r.output()));
        return new String[] {job, r.output()};
    }

    private static String readLog(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(no " + p + ")";
    }
}
