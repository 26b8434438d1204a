package cnnlab.train;

import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;

/**
 * Refuses to resume a run with a config that describes another experiment: everything but
 * {@code training.epochs}, {@code runtime}, {@code output}, {@code analysis}, the name and the description must equal
 * what the run was started with (its {@code config.yaml}).
 */
final class ResumeCheck {

    /** The parts of a config that may change when a run is resumed. */
    private static final List<String> MAY_CHANGE = List.of("name", "description", "runtime", "output", "analysis");

    private ResumeCheck() {
    }

    static void sameExperiment(RunDirectory dir, ExperimentConfig config) {
        ExperimentConfig started = ConfigLoader.load(dir.config());
        String diff = firstDifference(comparable(started), comparable(config), "");
        if (diff != null) {
            throw new CheckpointException(dir.config(), diff + " (only training.epochs, runtime, output and analysis may change when resuming)");
        }
    }

    private static ObjectNode comparable(ExperimentConfig c) {
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(c);
        MAY_CHANGE.forEach(tree::remove);
        ((ObjectNode) tree.get("training")).remove("epochs");
        return tree;
    }

    /** "path: the run was started with X, the config says Y" for the first difference, or null. */
    private static String firstDifference(JsonNode was, JsonNode now, String path) {
        if (was.isObject() && now.isObject()) {
            Iterator<String> names = was.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String d = firstDifference(was.get(name), now.path(name), path.isEmpty() ? name : path + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (was.isArray() && now.isArray() && was.size() == now.size()) {
            for (int i = 0; i < was.size(); i++) {
                String d = firstDifference(was.get(i), now.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return was.equals(now) ? null : path + ": the run was started with " + was + ", the config says " + (now.isMissingNode() ? "nothing" : now);
    }
}
