package cnnlab.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A sweep: a base config and a small grid of values, expanded into one named config per combination.
 *
 * <pre>
 * sweep: lr-pooling
 * base: default.yaml                          # relative to the sweep file
 * grid:
 *   training.optimizer.learningRate: [0.001, 0.003]
 *   model.layers[*].pooling: [max, avg]       # [*]: every layer that has the key
 * </pre>
 *
 * <p>Combinations are numbered in row-major order of the grid (the last key changes fastest) and
 * named {@code <sweep>-<NN>-<values>}; each is validated like a config file.
 */
public final class Sweep {

    private static final Set<String> KEYS = Set.of("sweep", "base", "grid", "description");

    /**
     * One expanded config.
     *
     * @param index position in the sweep, from 0 (the Slurm array index)
     * @param values the grid values of this combination, by key
     * @param config the resolved config
     */
    public record Member(int index, Map<String, JsonNode> values, ExperimentConfig config) {
    }

    /** The most members a sweep may have: far more runs than a course needs, and few enough to list them. */
    public static final int MAX_MEMBERS = 10_000;

    private final String name;
    private final Path file;
    private final List<Member> members;

    private Sweep(String name, Path file, List<Member> members) {
        this.name = name;
        this.file = file;
        this.members = List.copyOf(members);
    }

    /** Whether a YAML file is a sweep (has a top-level {@code sweep} key) rather than a config. */
    public static boolean isSweep(Path file) {
        return ConfigLoader.readTree(file).has("sweep");
    }

    /** Reads a sweep file and expands it. */
    public static Sweep load(Path file) {
        return load(file, List.of());
    }

    /**
     * Reads a sweep file and expands it, with {@code key=value} overrides applied to the base config
     * (as written in its file, before defaults) ahead of each combination's grid values.
     */
    public static Sweep load(Path file, List<String> overrides) {
        JsonNode root = ConfigLoader.readTree(file);
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                String nearest = Names.nearest(key, KEYS);
                throw new ConfigException(file, key, "unknown key" + (nearest != null ? "; did you mean '" + nearest + "'?" : "")
                        + " (a sweep has: sweep, base, grid, description)");
            }
        }
        String sweepName = text(root, "sweep", file);
        Path base = file.toAbsolutePath().getParent().resolve(text(root, "base", file));
        JsonNode grid = root.get("grid");
        if (grid == null || !grid.isObject() || grid.isEmpty()) {
            throw new ConfigException(file, "grid", "expected a mapping of config keys to lists of values");
        }
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        grid.fields().forEachRemaining(e -> {
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw new ConfigException(file, "grid." + e.getKey(), "expected a non-empty list of values");
            }
            List<JsonNode> values = new ArrayList<>();
            e.getValue().forEach(values::add);
            axes.put(e.getKey(), values);
        });
        long size = 1;
        for (List<JsonNode> values : axes.values()) {
            size = Math.min(Long.MAX_VALUE / 2, size * values.size());
        }
        if (size > MAX_MEMBERS) {
            throw new ConfigException(file, "grid", "the grid has " + size + " combinations (" + String.join(" x ",
                    axes.values().stream().map(v -> Integer.toString(v.size())).toList()) + "); a sweep has at most " + MAX_MEMBERS
                    + " members: split it into several sweeps or use fewer values");
        }
        ConfigLoader.load(base);   // the base alone must be valid, with errors naming the base file
        ObjectNode baseTree = (ObjectNode) ConfigLoader.readTree(base);
        if (overrides != null && !overrides.isEmpty()) {
            ConfigTree.apply(baseTree, overrides, base);
        }
        List<Map<String, JsonNode>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : axes.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> c : combos) {
                for (JsonNode v : axis.getValue()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            Map<String, JsonNode> values = combos.get(i);
            ObjectNode tree = baseTree.deepCopy();
            for (Map.Entry<String, JsonNode> v : values.entrySet()) {
                ConfigTree.set(tree, v.getKey(), v.getValue(), file, "grid.");
            }
            String suffix = String.join("-", values.values().stream().map(v -> v.asText().replaceAll("[^A-Za-z0-9.]", "")).toList());
            tree.put("name", String.format("%s-%02d%s", sweepName, i, suffix.isEmpty() ? "" : "-" + suffix));
            tree.put("description", sweepName + " " + (i + 1) + "/" + combos.size() + ": " + values);
            members.add(new Member(i, values, ConfigLoader.fromTree(tree, file)));
        }
        return new Sweep(sweepName, file, members);
    }

    /** The sweep's name. */
    public String name() {
        return name;
    }

    /** The sweep file. */
    public Path file() {
        return file;
    }

    /** The expanded configs, in index order. */
    public List<Member> members() {
        return members;
    }

    private static String text(JsonNode root, String key, Path file) {
        JsonNode v = root.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file, key, "expected text");
        }
        return v.asText();
    }
}
