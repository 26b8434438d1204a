package cnnlab.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.model.OutputHead;

/**
 * What a checkpoint must match to be resumed: the network's architecture and its output layer. Saved
 * in every checkpoint state ({@code checkpoints/*.json}, at the top level as {@code modelFingerprint},
 * {@code modelDescription} and {@code outputHead}); a resumed run compares these values, not their text.
 *
 * @param architecture a hash of the resolved {@code model} section of the config (in checkpoints written before
 *        run files had a {@code schemaVersion}: a hash of a whole config that held this model and the defaults of
 *        the time, which later defaults change; those are compared by {@link #sameLegacyArchitecture})
 * @param description the architecture in one line, for error messages, e.g.
 *        {@code 1x28x28 conv6k5-maxpool2-conv16k5-maxpool2-dense120-dense84-out10}
 * @param outputHead the output layer; {@code null} in checkpoints written before cnnlab saved it. Checkpoints
 *        written before run files had a {@code schemaVersion} hold it as text ({@code "softmax, cross-entropy,
 *        class weights [1.6, 0.72]"}), which is read back into the same value.
 */
public record ModelFingerprint(@JsonProperty("modelFingerprint") String architecture,
                               @JsonProperty("modelDescription") String description,
                               @JsonDeserialize(using = ModelFingerprint.OutputHeadReader.class) OutputHead outputHead) {

    /** The fingerprint of {@code config}'s model with the output layer {@code head}. */
    public static ModelFingerprint of(ExperimentConfig config, OutputHead head) {
        return new ModelFingerprint(architecture(config), describe(config), head);
    }

    /** Whether {@code other} has the same architecture (the description and output layer aside). */
    public boolean sameArchitecture(ModelFingerprint other) {
        return architecture != null && architecture.equals(other.architecture);
    }

    /**
     * Whether {@code now} is the architecture of this fingerprint read from a checkpoint written before
     * run files had a {@code schemaVersion}: its hash also covered the other sections' defaults of the time
     * (so any new setting changed it), so the one-line description is compared instead; the parameter
     * count is compared when the network is loaded.
     */
    public boolean sameLegacyArchitecture(ModelFingerprint now) {
        return description != null && description.equals(now.description);
    }

    /** A hash of the architecture: the resolved model section of the config, and nothing else. */
    static String architecture(ExperimentConfig config) {
        String model = ConfigLoader.toYaml(config.model);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-line description of the architecture, e.g. {@code 1x28x28 conv6k5-maxpool2-conv16k5-maxpool2-dense120-dense84-out10}. */
    public static String describe(ExperimentConfig config) {
        List<String> parts = new ArrayList<>();
        for (var l : config.model.layers) {
            parts.add(l.label());
        }
        parts.add("out" + config.model.classes);
        return config.model.input.channels + "x" + config.model.input.height + "x" + config.model.input.width + " "
                + String.join("-", parts);
    }

    /**
     * The output layer as {@link OutputHead#toString()} wrote it into checkpoints before run files had
     * a {@code schemaVersion}: {@code softmax, cross-entropy} or {@code sigmoid, binary cross-entropy},
     * then optionally {@code , class weights [w0, w1, ...]}.
     *
     * @throws IllegalArgumentException for any other text
     */
    static OutputHead parseLegacy(String text) {
        boolean multiLabel;
        String rest;
        if (text.startsWith("softmax, cross-entropy")) {
            multiLabel = false;
            rest = text.substring("softmax, cross-entropy".length());
        } else if (text.startsWith("sigmoid, binary cross-entropy")) {
            multiLabel = true;
            rest = text.substring("sigmoid, binary cross-entropy".length());
        } else {
            throw new IllegalArgumentException("not an output layer: '" + text + "'");
        }
        if (rest.isEmpty()) {
            return new OutputHead(multiLabel, null);
        }
        String prefix = ", class weights [";
        if (!rest.startsWith(prefix) || !rest.endsWith("]")) {
            throw new IllegalArgumentException("not an output layer: '" + text + "'");
        }
        String list = rest.substring(prefix.length(), rest.length() - 1).trim();
        double[] weights = list.isEmpty() ? new double[0]
                : Arrays.stream(list.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        return new OutputHead(multiLabel, weights);
    }

    /** Reads an output layer written as an object ({@code multiLabel}, {@code classWeights}) or, in older checkpoints, as text. */
    static final class OutputHeadReader extends StdDeserializer<OutputHead> {

        OutputHeadReader() {
            super(OutputHead.class);
        }

        @Override
        public OutputHead deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    return parseLegacy(p.getText());
                } catch (IllegalArgumentException e) {
                    return (OutputHead) ctxt.handleWeirdStringValue(OutputHead.class, p.getText(), e.getMessage());
                }
            }
            JsonNode node = p.readValueAsTree();
            double[] weights = null;
            JsonNode w = node.get("classWeights");
            if (w != null && !w.isNull()) {
                weights = new double[w.size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = w.get(i).asDouble();
                }
            }
            return new OutputHead(node.path("multiLabel").asBoolean(false), weights);
        }
    }
}
