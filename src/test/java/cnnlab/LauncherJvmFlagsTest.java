package cnnlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JVM settings the real launcher ./cnnlab gives (run on the test's class path, so nothing is
 * built): JavaCPP's check of the process's resident size on every native allocation is off unless
 * {@code CNNLAB_JAVA_OPTS} sets a limit (bench/NOTES.md, section 9, attempt L); what a run saw is
 * in its environment.json, which {@code info --json} prints.
 */
class LauncherJvmFlagsTest {

    private static JsonNode info(String javaOpts) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("./cnnlab", "info", "--json").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CNNLAB_CLASSPATH", System.getProperty("java.class.path"));
        if (javaOpts == null) {
            pb.environment().remove("CNNLAB_JAVA_OPTS");
        } else {
            pb.environment().put("CNNLAB_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "./cnnlab info did not finish");
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out);
    }

    @Test
    void javacppDoesNotCheckTheResidentSizeByDefault() throws Exception {
        JsonNode env = info(null);
        assertEquals(0, env.get("javacppMaxPhysicalBytes").asLong(), env.toString());
        assertEquals(1L << 30, env.get("maxHeapBytes").asLong(), "the launcher's default heap");
        assertTrue(env.get("javacppMaxBytes").asLong() > 0, "ND4J's off-heap limit stays: " + env);
    }

    @Test
    void aLimitInCnnlabJavaOptsWins() throws Exception {
        JsonNode env = info("-Xmx512m -Dorg.bytedeco.javacpp.maxphysicalbytes=3g");
        assertEquals(3L << 30, env.get("javacppMaxPhysicalBytes").asLong(), env.toString());
    }
}
