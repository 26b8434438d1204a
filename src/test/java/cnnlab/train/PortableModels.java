package cnnlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** What a model file stores, read as the file, not through DL4J. */
final class PortableModels {

    private PortableModels() {
    }

    /** The network configuration (DL4J's JSON) inside a ModelSerializer zip. */
    static String configurationJson(Path modelZip) {
        try (ZipFile zip = new ZipFile(modelZip.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
