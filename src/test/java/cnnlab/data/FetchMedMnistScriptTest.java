package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data/fetch-medmnist.sh without the internet: names are checked, --check reports missing and wrong
 * files, and a download whose MD5 is not MedMNIST's is deleted (a file:// "mirror" stands in for
 * Zenodo). That the script's MD5 sums are the published ones is {@link MedMnistInfoTest}'s job.
 */
class FetchMedMnistScriptTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is needed");
        List<String> command = new ArrayList<>(List.of("bash", "data/fetch-medmnist.sh"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MEDMNIST_BASE_URL", dir.resolve("mirror").toUri().toString().replaceAll("/$", ""));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    void namesAreChecked() throws Exception {
        Result r = run("--dir", dir.toString(), "pneumonia");
        assertEquals(1, r.exitCode());
        assertTrue(r.output().contains("unknown dataset 'pneumonia'; the 2D MedMNIST datasets are: pathmnist chestmnist"), r.output());
        Result list = run("--list");
        assertEquals(0, list.exitCode());
        assertEquals(13, list.output().lines().count(), list.output());
    }

    @Test
    void checkReportsMissingAndWrongFiles() throws Exception {
        Files.writeString(dir.resolve("bloodmnist.npz"), "not the real thing");
        Result r = run("--check", "--dir", dir.toString(), "PneumoniaMNIST", "bloodmnist");
        assertEquals(1, r.exitCode());
        assertTrue(r.output().contains("pneumoniamnist.npz: MISSING"), r.output());
        assertTrue(r.output().contains("bloodmnist.npz: FAILED (md5 mismatch)"), r.output());
    }

    @Test
    void aDownloadWithAnotherMd5IsDeleted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/usr/bin/wget")), "curl or wget");
        Files.createDirectories(dir.resolve("mirror"));
        Files.writeString(dir.resolve("mirror/breastmnist.npz"), "<html>error page</html>");
        Path target = dir.resolve("medmnist");
        Result r = run("--dir", target.toString(), "breastmnist");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("breastmnist.npz: MD5 mismatch (got "), r.output());
        assertTrue(r.output().contains("expected 750601b1f35ba3300ea97c75c52ff8f6); temporary file deleted"), r.output());
        try (var files = Files.list(target)) {
            assertEquals(List.of(), files.toList(), "nothing left behind");
        }
        assertFalse(Files.exists(target.resolve("breastmnist.npz")));
    }

    @Test
    void medMnistPlusSizes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/usr/bin/wget")), "curl or wget");
        Files.createDirectories(dir.resolve("mirror"));
        Npz.write(dir.resolve("mirror/pneumoniamnist_64.npz"), 1, 64, 64, 2, false, new int[] {4, 2, 2}, 3);
        Files.writeString(dir.resolve("mirror/breastmnist_64.npz"), "<html>error page</html>");
        Path target = dir.resolve("medmnist");
        Result ok = run("--size", "64", "--dir", target.toString(), "pneumoniamnist");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("pneumoniamnist_64.npz: OK (MD5 "), ok.output());
        assertTrue(Files.isRegularFile(target.resolve("pneumoniamnist_64.npz")));
        Result check = run("--check", "--size", "64", "--dir", target.toString(), "pneumoniamnist", "breastmnist");
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("pneumoniamnist_64.npz: OK (a zip archive"), check.output());
        assertTrue(check.output().contains("breastmnist_64.npz: MISSING"), check.output());
        Result html = run("--size", "64", "--dir", target.toString(), "breastmnist");
        assertEquals(1, html.exitCode(), html.output());
        assertTrue(html.output().contains("breastmnist_64.npz: not a zip archive (an error page?); temporary file deleted"), html.output());
        try (var files = Files.list(target)) {
            assertEquals(List.of(target.resolve("pneumoniamnist_64.npz")), files.toList(), "nothing else left behind");
        }
        Result bad = run("--size", "100", "pneumoniamnist");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.output().contains("--size must be 28, 64, 128 or 224 (MedMNIST+), got '100'"), bad.output());
    }
}
