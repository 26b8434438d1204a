package cnnlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The versions the code prints are pom.xml's, filled in by the build, not typed into the code. */
class BuildInfoTest {

    private static String pom(String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("pom.xml has no " + regex);
        }
        return m.group(1);
    }

    @Test
    void theVersionsArePomXmls() throws IOException {
        BuildInfo b = BuildInfo.get();
        assertEquals(pom("<artifactId>cnnlab</artifactId>\\s*<version>([^<]+)</version>"), b.cnnlab());
        assertEquals(pom("<dl4j.version>([^<]+)</dl4j.version>"), b.dl4j());
        assertEquals(b.dl4j(), b.nd4j(), "DL4J and ND4J are released together");
        assertEquals(pom("<cuda.version>([^<]+)</cuda.version>"), b.cuda());
    }

    @Test
    void theVersionOptionAndTheCudaHintSayThem() {
        StringWriter out = new StringWriter();
        assertEquals(0, cnnlab.cli.Main.run(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        assertEquals("cnnlab " + BuildInfo.get().cnnlab() + " (DL4J " + BuildInfo.get().dl4j() + ")", out.toString().strip());
        String hint = Backend.cudaLoadHint("libcudart.so.11.0: cannot open shared object file");
        assertEquals("libcudart.so.11.0: cannot open shared object file (the CUDA " + BuildInfo.get().cuda() + " libraries are not found: "
                + "run inside the CUDA " + BuildInfo.get().cuda() + " Singularity image with --nv, as slurm/train-gpu.sbatch does, or load a CUDA "
                + BuildInfo.get().cuda() + " module)", hint);
    }
}
