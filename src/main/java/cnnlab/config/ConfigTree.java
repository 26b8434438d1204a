package cnnlab.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Changes a config's YAML tree by dotted paths, as sweeps and {@code --set key=value} do:
 * {@code training.epochs}, {@code model.layers[1].pooling}, or {@code model.layers[*].pooling}
 * (every layer that has the key).
 */
public final class ConfigTree {

    private ConfigTree() {
    }

    /**
     * Sets {@code value} at {@code path}. The path must name fields that the resolved base config has.
     *
     * @param prefix put before the path in error messages (e.g. "grid.")
     */
    public static void set(ObjectNode tree, String path, JsonNode value, Path file, String prefix) {
        String[] parts = path.split("\\.");
        String key = parts[parts.length - 1];
        if (key.isEmpty() || key.contains("[")) {
            throw new ConfigException(file, prefix + path, "a key path must end in a field name");
        }
        List<JsonNode> parents = List.of(tree);
        for (int p = 0; p < parts.length - 1; p++) {
            parents = step(parents, parts[p], prefix + path, file);
        }
        int changed = 0;
        for (JsonNode parent : parents) {
            if (parent.isObject() && (parent.has(key) || parent == tree)) {
                ((ObjectNode) parent).set(key, value);
                changed++;
            }
        }
        if (changed == 0) {
            throw new ConfigException(file, prefix + path, "does not name a field of the config");
        }
    }

    /** Applies {@code key=value} settings (values read as YAML scalars or flow lists) to a tree. */
    public static void apply(ObjectNode tree, List<String> settings, Path file) {
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file, "--set " + s, "expected key=value, e.g. training.epochs=2");
            }
            JsonNode value;
            try {
                value = ConfigLoader.mapper().readTree(s.substring(eq + 1));
            } catch (JsonProcessingException e) {
                throw new ConfigException(file, "--set " + s, "value is not valid YAML");
            }
            set(tree, s.substring(0, eq).trim(), value == null ? tree.nullNode() : value, file, "--set ");
        }
    }

    private static List<JsonNode> step(List<JsonNode> nodes, String part, String shown, Path file) {
        String field = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
        String index = part.contains("[") && part.endsWith("]") ? part.substring(part.indexOf('[') + 1, part.length() - 1) : null;
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            JsonNode child = n.get(field);
            if (child == null) {
                throw new ConfigException(file, shown, "'" + field + "' is not a field of the config");
            }
            if (index == null) {
                out.add(child);
            } else if (!(child instanceof ArrayNode array)) {
                throw new ConfigException(file, shown, "'" + field + "' is not a list");
            } else if (index.equals("*")) {
                array.forEach(out::add);
            } else {
                int i;
                try {
                    i = Integer.parseInt(index);
                } catch (NumberFormatException e) {
                    throw new ConfigException(file, shown, "list index must be a number or *");
                }
                if (i < 0 || i >= array.size()) {
                    throw new ConfigException(file, shown, "index " + i + " is outside the list of " + array.size());
                }
                out.add(array.get(i));
            }
        }
        return out;
    }
}
