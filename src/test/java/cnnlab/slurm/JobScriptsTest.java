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
        files.addAll(List.of("job.sh", "submit-sweep.sh", "test/slurm-up.sh", "test/slurm-down.sh", "test/cluster-lib.sh"));
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
        assertTrue(notAnArray.output().contains("submit it with slurm/submit-sweep.sh configs/sweep-lr-pooling.yaml"), notAnArray.output());
    }

    @Test
    void aSignalToTheJobScriptReachesTheTrainerInItsBackground() throws Exception {
        JobFiles.preemptibleConfig(dir);
        Path out = dir.resolve("job.out");
        ProcessBuilder pb = new ProcessBuilder("bash", SLURM.resolve("train-cpu.sbatch").toString(), "preempt.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(scriptEnv());
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
