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
     * Sets {@code value} at {@code path} in a config file's tree. Missing mappings along the path are
     * created (so {@code training.schedule.type} works on a file that has no schedule); a list the
     * path indexes must be in the file, or else its default is copied in first. With {@code [*]}, the
     * key is set on every element that has it.
     *
     * @param prefix put before the path in error messages (e.g. "grid." or "--set ")
     */
    public static void set(ObjectNode tree, String path, JsonNode value, Path file, String prefix) {
        String[] parts = path.split("\\.");
        String key = parts[parts.length - 1];
        if (key.isEmpty() || key.contains("[")) {
            throw new ConfigException(file, prefix + path, "a key path must end in a field name");
        }
        List<ObjectNode> parents = List.of(tree);
        List<String> walked = new ArrayList<>();
        for (int p = 0; p < parts.length - 1; p++) {
            parents = step(parents, parts[p], walked, prefix + path, file);
            walked.add(parts[p]);
        }
        boolean wildcard = path.contains("[*]");
        int changed = 0;
        for (ObjectNode parent : parents) {
            if (!wildcard || parent.has(key)) {
                parent.set(key, value);
                changed++;
            }
        }
        if (changed == 0) {
            throw new ConfigException(file, prefix + path, "no element of the list has the key '" + key + "'");
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
                value = ConfigYaml.MAPPER.readTree(s.substring(eq + 1));
            } catch (JsonProcessingException e) {
                throw new ConfigException(file, "--set " + s, "value is not valid YAML");
            }
            set(tree, s.substring(0, eq).trim(), value == null ? tree.nullNode() : value, file, "--set ");
        }
    }

    private static List<ObjectNode> step(List<ObjectNode> nodes, String part, List<String> walked, String shown, Path file) {
        String field = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
        String index = part.contains("[") && part.endsWith("]") ? part.substring(part.indexOf('[') + 1, part.length() - 1) : null;
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode n : nodes) {
            JsonNode child = n.get(field);
            if (index == null) {
                if (child == null || child.isNull()) {
                    child = n.putObject(field);
                }
                if (!(child instanceof ObjectNode object)) {
                    throw new ConfigException(file, shown, "'" + field + "' is not a mapping");
                }
                out.add(object);
                continue;
            }
            if (child == null) {
                child = defaultList(walked, field);
                if (child == null) {
                    throw new ConfigException(file, shown, "'" + field + "' is not a list of the config");
                }
                n.set(field, child);
            }
            if (!(child instanceof ArrayNode array)) {
                throw new ConfigException(file, shown, "'" + field + "' is not a list");
            }
            List<JsonNode> picked = new ArrayList<>();
            if (index.equals("*")) {
                array.forEach(picked::add);
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
                picked.add(array.get(i));
            }
            for (JsonNode e : picked) {
                if (!(e instanceof ObjectNode object)) {
                    throw new ConfigException(file, shown, "the elements of '" + field + "' are not mappings");
                }
                out.add(object);
            }
        }
        return out;
    }

    /** The default value of a list-valued config field (as written, before per-layer defaults), or null. */
    private static JsonNode defaultList(List<String> walked, String field) {
        JsonNode node = ConfigYaml.MAPPER.valueToTree(new ExperimentConfig());
        for (String w : walked) {
            node = node.path(w);
        }
        JsonNode list = node.get(field);
        return list != null && list.isArray() ? list.deepCopy() : null;
    }
}
