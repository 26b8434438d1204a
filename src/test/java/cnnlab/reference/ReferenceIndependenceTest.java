package cnnlab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The reference must stay independent of what it checks: no source file in {@code cnnlab.reference}
 * may mention DL4J or ND4J.
 */
class ReferenceIndependenceTest {

    @Test
    void referenceSourcesDoNotUseDl4jOrNd4j() throws IOException {
        Path dir = Path.of("src/main/java/cnnlab/reference");
        List<Path> offenders;
        try (Stream<Path> files = Files.list(dir)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String s = Files.readString(p);
                    return s.contains("org.deeplearning4j") || s.contains("org.nd4j");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.findAny().isEmpty(), "the reference sources were found");
        }
    }
}
