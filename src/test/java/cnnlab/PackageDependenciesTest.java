package cnnlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The architecture, checked on the sources: what each package may use.
 *
 * <ul>
 *   <li>{@code reference} mentions nothing of DL4J or ND4J: it is the independent side of every comparison.</li>
 *   <li>{@code plot} takes plain arrays: no DL4J or ND4J either.</li>
 *   <li>{@code metrics} (AUC and friends) computes from plain arrays too, and uses no cnnlab package but {@code data}.</li>
 *   <li>{@code data} uses no other cnnlab package than {@code io}, so the others can build on it.</li>
 * </ul>
 */
class PackageDependenciesTest {

    private static final Pattern DL4J = Pattern.compile("org\\.(deeplearning4j|nd4j)\\b");
    private static final Pattern CNNLAB = Pattern.compile("\\bcnnlab\\.([a-z]\\w*)\\.");

    @Test
    void referenceIsIndependentOfDl4j() {
        assertEquals(List.of(), mentions("reference", DL4J, Set.of()));
    }

    @Test
    void plotsTakePlainArrays() {
        assertEquals(List.of(), mentions("plot", DL4J, Set.of()));
    }

    @Test
    void metricsArePlainJava() {
        assertEquals(List.of(), mentions("metrics", DL4J, Set.of()));
        assertEquals(List.of(), mentions("metrics", CNNLAB, Set.of("metrics", "data")));
    }

    @Test
    void dataUsesOnlyIo() {
        assertEquals(List.of(), mentions("data", CNNLAB, Set.of("data", "io")));
    }

    /** "File: match" for each match of {@code pattern} in the package's sources whose group 1 is not allowed. */
    private static List<String> mentions(String pkg, Pattern pattern, Set<String> allowed) {
        Path dir = Path.of("src/main/java/cnnlab", pkg);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertTrue(sources.size() >= 3, "the sources of " + pkg + " were found");
            return sources.stream().flatMap(p -> pattern.matcher(read(p)).results()
                    .filter(r -> !allowed.contains(r.group(1)))
                    .map(r -> p.getFileName() + ": " + r.group())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
