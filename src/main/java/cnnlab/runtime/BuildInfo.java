package cnnlab.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with: cnnlab's own, DL4J's, ND4J's and the CUDA version of ND4J's
 * CUDA backend. Maven writes them into {@code cnnlab/build.properties} from pom.xml (resource
 * filtering), so what {@code cnnlab --version}, {@code cnnlab info} and {@code environment.json} say
 * is what the build used, not a string typed into the code.
 *
 * @param cnnlab cnnlab's version (the pom's {@code project.version})
 * @param dl4j the Deeplearning4j (and DataVec) version
 * @param nd4j the ND4J version
 * @param cuda the CUDA version of the {@code nd4j-cuda-*} artifact that the {@code cuda} profile builds with
 */
public record BuildInfo(String cnnlab, String dl4j, String nd4j, String cuda) {

    private static final String RESOURCE = "/cnnlab/build.properties";
    private static final BuildInfo THIS = read();

    /** The versions of this build. */
    public static BuildInfo get() {
        return THIS;
    }

    private static BuildInfo read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: a broken build (mvn package writes it)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(value(p, "cnnlab.version"), value(p, "dl4j.version"), value(p, "nd4j.version"), value(p, "cuda.version"));
    }

    /** A property that Maven must have filled in. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException(RESOURCE + ": " + key + " was not filled in by the build (got " + v + ")");
        }
        return v.trim();
    }
}
