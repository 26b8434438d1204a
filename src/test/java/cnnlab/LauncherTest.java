package cnnlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ./cnnlab, on a copy with a stand-in for Maven that takes two seconds to
 * "build": tasks of a Slurm job array that start together in one checkout build once (a lock), a
 * changed source builds again, and the backend picks the Maven profile and the build folder.
 */
class LauncherTest {

    @TempDir
    Path home;

    private Path calls;

    @BeforeEach
    void copyTheLauncherBesideAFakeMaven() throws IOException {
        Files.copy(Path.of("cnnlab"), home.resolve("cnnlab"));
        assertTrue(home.resolve("cnnlab").toFile().setExecutable(true));
        Files.writeString(home.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(home.resolve("src/main"));
        Files.writeString(home.resolve("src/main/Some.java"), "class Some {}\n");
        calls = home.resolve("mvn-calls.txt");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), """
                #!/bin/sh
                # A stand-in for Maven: records the call, takes a while, leaves a jar and a class path.
                echo "$*" >> "%s"
                sleep 2
                dir=target
                case "$*" in *-Pcuda*) dir=target-cuda ;; esac
                mkdir -p "%s/$dir" "%s/m2"
                echo jar > "%s/m2/dependency.jar"
                echo "%s/m2/dependency.jar" > "%s/$dir/classpath.txt"
                echo jar > "%s/$dir/cnnlab.jar"
                """.formatted(calls, home, home, home, home, home, home));
        assertTrue(bin.resolve("mvn").toFile().setExecutable(true));
    }

    @Test
    void tasksStartingTogetherBuildOnce() throws Exception {
        List<Process> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(launcher("build"));
        }
        for (Process p : tasks) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("cnnlab: the cpu build is up to date: " + home.resolve("target/cnnlab.jar")), out);
        }
        List<String> builds = Files.readAllLines(calls);
        assertEquals(1, builds.size(), "one build for three tasks: " + builds);
        assertTrue(builds.get(0).contains("-Pcpu -DskipTests package"), builds.get(0));

        Files.setLastModifiedTime(home.resolve("src/main/Some.java"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(0, launcher("build").waitFor());
        assertEquals(2, Files.readAllLines(calls).size(), "a changed source builds again");
    }

    @Test
    void theBackendPicksTheProfileAndTheBuildFolder() throws Exception {
        Process cuda = launcher("--backend", "cuda", "build");
        assertTrue(cuda.waitFor(60, TimeUnit.SECONDS));
        String out = new String(cuda.getInputStream().readAllBytes());
        assertEquals(0, cuda.exitValue(), out);
        assertTrue(out.contains("building the CUDA backend"), out);
        assertTrue(Files.readString(calls).contains("-Pcuda -DskipTests package"));
        assertTrue(Files.exists(home.resolve("target-cuda/cnnlab.jar")));
        assertTrue(Files.notExists(home.resolve("target")), "the CPU build is untouched");

        Process bad = launcher("--backend", "gpu", "info");
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
        assertEquals("cnnlab: the backend must be cpu or cuda (CNNLAB_BACKEND or --backend), got 'gpu'",
                new String(bad.getInputStream().readAllBytes()).strip());
    }

    @Test
    void aJarPurgedFromScratchIsRebuiltOrNamedInOneLineInAJob() throws Exception {
        assertEquals(0, launcher("build").waitFor());
        Files.delete(home.resolve("m2/dependency.jar"));

        Process inJob = launcher(java.util.Map.of("SLURM_JOB_ID", "77"), "build");
        assertTrue(inJob.waitFor(60, TimeUnit.SECONDS));
        String out = new String(inJob.getInputStream().readAllBytes()).strip();
        assertEquals(2, inJob.exitValue(), out);
        assertEquals("cnnlab: 1 jars of the class path are missing (e.g. " + home.resolve("m2/dependency.jar") + "): purged from scratch?"
                + " Run ./cnnlab build again where there is internet (on Torch: in srun), then resubmit", out);
        assertEquals(1, Files.readAllLines(calls).size(), "no build inside a job");

        Process outside = launcher("build");
        assertTrue(outside.waitFor(60, TimeUnit.SECONDS));
        out = new String(outside.getInputStream().readAllBytes());
        assertEquals(0, outside.exitValue(), out);
        assertTrue(out.contains("cnnlab: 1 jars of the class path are missing (e.g. " + home.resolve("m2/dependency.jar")
                + ") (purged from scratch?): rebuilding"), out);
        assertEquals(2, Files.readAllLines(calls).size(), "rebuilt");
        assertTrue(Files.exists(home.resolve("m2/dependency.jar")));
    }

    private Process launcher(String... args) throws IOException {
        return launcher(java.util.Map.of(), args);
    }

    private Process launcher(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("cnnlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("CNNLAB_BACKEND");
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") && !env.containsKey(k));
        pb.environment().remove("CNNLAB_CLASSPATH");
        return pb.start();
    }
}
