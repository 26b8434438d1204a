package cnnlab.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads experiment configs from YAML, strictly, and writes resolved ones back.
 *
 * <p>Unknown keys, duplicate keys, values of the wrong type (a quoted number, a fraction where a
 * whole number belongs), unknown names and settings that do not belong to a layer's type are
 * refused while binding, with a {@link ConfigException} naming the file, the field and what was
 * expected; then {@link ConfigValidator} checks ranges and that the layer stack fits the input.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = ConfigYaml.MAPPER;

    /** The largest config or sweep file read: 1 MB, thousands of times a real one. */
    public static final long MAX_BYTES = 1L << 20;

    private ConfigLoader() {
    }

    /** Reads, checks and resolves a config file. */
    public static ExperimentConfig load(Path file) {
        return fromTree(readTree(file), file);
    }

    /** Reads a YAML file as a tree, with file and syntax errors as {@link ConfigException}. */
    public static JsonNode readTree(Path file) {
        String text;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {   // before the YAML parser spends minutes on it
                throw new ConfigException(file, "", String.format(java.util.Locale.ROOT, "%.1f MB: a config or sweep file is at most %d MB"
                        + " (is it the right file?)", Files.size(file) / 1048576.0, MAX_BYTES >> 20));
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read: " + e.getMessage());
        }
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException(file, "", "the file is empty");
            }
            if (!tree.isObject()) {
                throw new ConfigException(file, "", "expected a YAML mapping (key: value lines) at the top");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "", "line " + line(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage().split("\n")[0]);
        }
    }

    /**
     * Reads a config file and applies {@code key=value} overrides to what the file says, before
     * defaults are filled in (so that values derived from others, such as a pool's stride from its
     * size, follow the override).
     */
    public static ExperimentConfig load(Path file, java.util.List<String> overrides) {
        JsonNode tree = readTree(file);
        if (overrides != null && !overrides.isEmpty()) {
            ConfigTree.apply((com.fasterxml.jackson.databind.node.ObjectNode) tree, overrides, file);
        }
        return fromTree(tree, file);
    }

    /** Turns a YAML tree into a checked, resolved config (the tree may come from a sweep). */
    public static ExperimentConfig fromTree(JsonNode tree, Path file) {
        ExperimentConfig config;
        try {
            config = YAML.treeToValue(tree, ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            LayerConfig.LayerType layer = LayerConfig.LayerType.of(e.getReferringClass());
            if (layer != null && Arrays.stream(LayerConfig.LayerType.values()).anyMatch(t -> t.settings().contains(e.getPropertyName()))) {
                throw new ConfigException(file, path(e.getPath()), "not a setting of a " + layer.label() + " layer (its settings: "
                        + String.join(", ", layer.settings()) + ")");
            }
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String nearest = Names.nearest(e.getPropertyName(), known);
            throw new ConfigException(file, path(e.getPath()), "unknown key"
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : "") + " (valid keys here: " + String.join(", ", known) + ")");
        } catch (InvalidTypeIdException e) {
            String at = path(e.getPath());
            throw new ConfigException(file, at.endsWith(".type") ? at : at + ".type", "expected conv, pool or dense"
                    + (e.getTypeId() == null ? "" : ", got '" + e.getTypeId() + "'"));
        } catch (com.fasterxml.jackson.databind.exc.InvalidNullException e) {
            throw new ConfigException(file, path(e.getPath()), "has no value; give one, or remove the key to use the default");
        } catch (InvalidFormatException e) {
            throw new ConfigException(file, path(e.getPath()), "expected " + describe(e.getTargetType()) + ", got '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            throw new ConfigException(file, path(e.getPath()), "expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new ConfigException(file, path(e.getPath()), e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "", e.getOriginalMessage().split("\n")[0]);
        }
        ConfigValidator.validate(config, file);
        return config;
    }

    /** The resolved config as YAML, every value spelt out. */
    public static String toYaml(ExperimentConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    /** The resolved model section alone as YAML, every value spelt out (what a model fingerprint hashes). */
    public static String toYaml(ModelConfig model) {
        try {
            return YAML.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model section as YAML", e);
        }
    }

    /** A copy of a resolved config's tree, for sweeps to modify. */
    public static JsonNode toTree(ExperimentConfig config) {
        return YAML.valueToTree(config);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (key: value lines) for " + type.getSimpleName();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }
}
