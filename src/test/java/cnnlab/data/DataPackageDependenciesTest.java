package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** {@code cnnlab.data} uses no other cnnlab package than {@code cnnlab.io}, so the others can build on it. */
class DataPackageDependenciesTest {

    private static final Pattern CNNLAB_REFERENCE = Pattern.compile("\\bcnnlab\\.([a-z]\\w*)\\.");

    @Test
    void onlyCnnlabIo() throws IOException {
        Path dir = Path.of("src/main/java/cnnlab/data");
        List<String> offenders;
        try (Stream<Path> files = Files.list(dir)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    Matcher m = CNNLAB_REFERENCE.matcher(Files.readString(p));
                    return m.results().map(r -> r.group(1)).filter(pkg -> !pkg.equals("data") && !pkg.equals("io"))
                            .map(pkg -> p.getFileName() + ": cnnlab." + pkg);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.count() > 5, "the sources were found");
        }
    }
}
