package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job scripts without Slurm (these run everywhere, also where the Slurm tests are skipped): the
 * #SBATCH lines that pre-emption depends on, the shell syntax, the usage lines, and a signal to the
 * script reaching the trainer that runs in its background.
 */
class JobScriptsTest {

    private static final Path SLURM = SlurmCluster.REPO.resolve("slurm");
    private static final List<String> SCRIPTS = List.of("train-cpu.sbatch", "train-gpu.sbatch", "sweep.sbatch");

    @TempDir
    Path dir;

    @Test
    void everyJobScriptIsRequeueableAppendsItsOutputAndIsWarnedBeforeItsTimeLimit() throws IOException {
        for (String script : SCRIPTS) {
            List<String> directives = directives(SLURM.resolve(script));
            for (String d : List.of("--requeue", "--open-mode=append", "--signal=B:USR1@120")) {
                assertTrue(directives.contains(d), script + " lacks " + d + ": " + directives);
            }
            for (String d : List.of("--job-name=", "--output=", "--time=", "--cpus-per-task=", "--mem=")) {
                assertTrue(directives.stream().anyMatch(x -> x.startsWith(d)), script + " lacks " + d + ": " + directives);
            }
        }
        assertTrue(directives(SLURM.resolve("train-cpu.sbatch")).contains("--output=%x-%j.out"));
        assertTrue(directives(SLURM.resolve("train-gpu.sbatch")).contains("--gres=gpu:1"));
        assertTrue(directives(SLURM.resolve("sweep.sbatch")).contains("--output=%x-%A_%a.out"));
    }

    @Test
    void theShellScriptsParse() {
        List<String> files = new ArrayList<>(SCRIPTS);
        files.addAll(List.of("job.sh", "site.sh", "submit", "submit-sweep.sh", "sites/torch", "sites/greene", "sites/generic",
                "test/slurm-up.sh", "test/slurm-down.sh", "test/cluster-lib.sh"));
        for (String f : files) {
            SlurmCluster.Result r = SlurmCluster.run(List.of("bash", "-n", SLURM.resolve(f).toString()), dir, Map.of(), Duration.ofSeconds(30));
            assertEquals(0, r.exitCode(), f + ": " + r.output());
        }
        SlurmCluster.Result r = SlurmCluster.run(List.of("bash", "-n", SlurmCluster.REPO.resolve("cnnlab").toString()), dir, Map.of(),
                Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), "cnnlab: " + r.output());
    }

    @Test
    void theScriptsSayHowToCallThem() {
        SlurmCluster.Result noConfig = script("train-cpu.sbatch");
        assertEquals(2, noConfig.exitCode(), noConfig.output());
        assertTrue(noConfig.output().contains("usage: sbatch [options] slurm/train-cpu.sbatch CONFIG [cnnlab train options]"), noConfig.output());
        SlurmCluster.Result notAnArray = script("sweep.sbatch", "configs/sweep-lr-pooling.yaml");
        assertEquals(2, notAnArray.exitCode(), notAnArray.output());
        assertTrue(notAnArray.output().contains("submit it with slurm/submit sweep configs/sweep-lr-pooling.yaml"), notAnArray.output());
    }

    @Test
    void theSiteIsCnnlabSiteElseTheClusterNameElseTheHostNameElseGeneric() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path scontrol = Files.writeString(bin.resolve("scontrol"), "#!/bin/sh\necho 'ClusterName             = torch'\n");
        assertTrue(scontrol.toFile().setExecutable(true));
        String load = ". " + SLURM.resolve("site.sh") + "; cnnlab_site_load " + SlurmCluster.REPO
                + " || { echo \"$cnnlab_site_error\"; exit 2; }; echo \"$CNNLAB_SITE|$cnnlab_site_how|$site_gpu_style|$site_account_required\"";
        Map<String, String> fakeCluster = Map.of("PATH", bin + ":" + System.getenv("PATH"), "CNNLAB_SITE", "");
        assertEquals("torch|cluster name 'torch'|constraint|yes", site(load, fakeCluster));
        assertEquals("greene|CNNLAB_SITE|gres|no", site(load, Map.of("PATH", bin + ":" + System.getenv("PATH"), "CNNLAB_SITE", "greene")));
        Files.writeString(scontrol, "#!/bin/sh\necho 'ClusterName             = somewhere'\n");
        assertTrue(site(load, fakeCluster).startsWith("generic|default: neither cluster name 'somewhere' nor host name"));
        SlurmCluster.Result unknown = SlurmCluster.run(List.of("bash", "-c", load), dir, Map.of("CNNLAB_SITE", "bigred"), Duration.ofSeconds(30));
        assertEquals(2, unknown.exitCode());
        assertEquals("CNNLAB_SITE=bigred: there is no slurm/sites/bigred; use one of: generic greene torch", unknown.output().strip());
    }

    @Test
    void submitAsksEachSiteForWhatItNeeds() throws IOException {
        Files.writeString(dir.resolve("c.yaml"), "name: c\n");
        String torch = dryRun(Map.of("CNNLAB_SITE", "torch", "CNNLAB_ACCOUNT", "torch_pr_123_lab"), "--gpu-type", "h200|l40s", "--mps", "gpu", "c.yaml",
                "--time=02:00:00", "--", "--set", "training.epochs=3");
        assertTrue(torch.contains("sbatch --parsable --account=torch_pr_123_lab --comment=preemption=yes\\;requeue=true\\;gpu_mps=yes"
                + " --gres=gpu:1 --constraint=h200\\|l40s --time=02:00:00 " + SLURM.resolve("train-gpu.sbatch") + " c.yaml --set training.epochs=3"), torch);
        assertTrue(dryRun(Map.of("CNNLAB_SITE", "torch", "SBATCH_ACCOUNT", "torch_pr_9_x"), "--no-preemption", "cpu", "c.yaml")
                .contains("sbatch --parsable --account=torch_pr_9_x " + SLURM.resolve("train-cpu.sbatch") + " c.yaml"));
        // Options may also follow the kind.
        String greene = dryRun(Map.of("CNNLAB_SITE", "greene"), "gpu", "--gpu-type", "rtx8000", "c.yaml");
        assertTrue(greene.contains("sbatch --parsable --gres=gpu:rtx8000:1 " + SLURM.resolve("train-gpu.sbatch") + " c.yaml"), greene);
        assertTrue(dryRun(Map.of("CNNLAB_SITE", "generic"), "gpu", "c.yaml").contains("sbatch --parsable --gres=gpu:1 "));
        assertTrue(dryRun(Map.of("CNNLAB_SITE", "generic"), "--run-id", "r1", "cpu", "c.yaml").contains("CNNLAB_RUN_ID=r1 sbatch"));

        for (String[] bad : List.of(new String[] {"CNNLAB_SITE=greene", "--mps", "gpu", "submit: --mps: NYU Greene documents no GPU MPS (site greene)"},
                new String[] {"CNNLAB_SITE=generic", "--force", "cpu", "submit: --force is for GPU jobs (it lets a small model train on a GPU)"},
                new String[] {"CNNLAB_SITE=torch", "--dry-run", "cpu", "submit: NYU Torch needs --account on every job and none is set:"
                        + " list yours with my_slurm_accounts on a Torch login node, then: export CNNLAB_ACCOUNT=torch_pr_XXX_XXXXX"})) {
            SlurmCluster.Result r = submit(Map.of("CNNLAB_SITE", bad[0].substring("CNNLAB_SITE=".length())), bad[1], bad[2], "c.yaml");
            assertEquals(2, r.exitCode(), r.output());
            assertEquals(bad[3], r.output().strip());
        }
    }

    private String dryRun(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--dry-run"));
        all.addAll(List.of(args));
        SlurmCluster.Result r = submit(env, all.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    private SlurmCluster.Result submit(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(SLURM.resolve("submit").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("CNNLAB_ACCOUNT", "");
        e.putIfAbsent("SBATCH_ACCOUNT", "");
        return SlurmCluster.run(cmd, dir, e, Duration.ofSeconds(60));
    }

    private String site(String script, Map<String, String> env) {
        SlurmCluster.Result r = SlurmCluster.run(List.of("bash", "-c", script), dir, env, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.output());
        return r.output().strip();
    }

    @Test
    void aSignalToTheJobScriptReachesTheTrainerInItsBackground() throws Exception {
        signalReachesTheTrainer(Map.of());
    }

    /**
     * The same through a container: the trainer runs behind a stand-in for Apptainer (Debian has none),
     * which, like Apptainer, passes the signals it gets on to the program it runs.
     */
    @Test
    void aSignalReachesTheTrainerInsideAContainer() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        FakeApptainer.install(bin, dir.resolve("calls.txt"));
        Path image = Files.writeString(dir.resolve("image.sif"), "not an image");
        String log = signalReachesTheTrainer(Map.of("PATH", bin + ":" + System.getenv("PATH"), "CNNLAB_IMAGE", image.toString(),
                "CNNLAB_SITE", "torch", "SCRATCH", dir.toString(), "CNNLAB_JAVACPP_CACHE", System.getProperty("user.home") + "/.javacpp/cache"));
        assertTrue(log.contains("cnnlab-job: running in the container image " + image + " (apptainer)"), log);
        assertTrue(log.contains("fake-apptainer: exec " + image + " " + SlurmCluster.REPO.resolve("cnnlab") + " train preempt.yaml"), log);
    }

    private String signalReachesTheTrainer(Map<String, String> extra) throws Exception {
        JobFiles.preemptibleConfig(dir);
        Path out = dir.resolve("job.out");
        ProcessBuilder pb = new ProcessBuilder("bash", SLURM.resolve("train-cpu.sbatch").toString(), "preempt.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(scriptEnv());
        pb.environment().putAll(extra);
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
        Process job = pb.start();
        try {
            SlurmCluster.awaitText(dir.resolve(runLog()), "epoch 1/2 batch 10/", Duration.ofMinutes(3));
        } catch (AssertionError e) {
            job.destroy();
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(out), e);
        }
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(job.pid())).start().waitFor());
        assertTrue(job.waitFor(2, TimeUnit.MINUTES), "the job script ends");
        String log = Files.readString(out);
        assertEquals(3, job.exitValue(), log);
        assertTrue(log.contains("cnnlab-job: SIGUSR1 from Slurm: asking the trainer (pid "), log);
        assertTrue(log.contains("Stopped by SIGUSR1 after epoch 0 + "), log);
        assertTrue(log.contains("cnnlab-job: stopped by SIGUSR1 (exit 3); continue with ./cnnlab train --resume"), log);
        return log;
    }

    /** The train.log of the only run under runs/, once there is one (relative to {@link #dir}). */
    private String runLog() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir.resolve("runs"))) {
                try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
                    List<Path> runs = s.toList();
                    if (!runs.isEmpty()) {
                        return dir.relativize(runs.get(0).resolve("train.log")).toString();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run directory under " + dir.resolve("runs"));
    }

    private SlurmCluster.Result script(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", SLURM.resolve(name).toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(scriptEnv());
        return SlurmCluster.run(cmd, dir, env, Duration.ofSeconds(60));
    }

    private static Map<String, String> scriptEnv() {
        return Map.of("CNNLAB_HOME", SlurmCluster.REPO.toString(), "CNNLAB_CLASSPATH", System.getProperty("java.class.path"));
    }

    /** The options of a script's #SBATCH lines. */
    private static List<String> directives(Path script) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("#SBATCH ")) {
                options.addAll(List.of(line.substring("#SBATCH ".length()).strip().split("\\s+")));
            }
        }
        return options;
    }
}
