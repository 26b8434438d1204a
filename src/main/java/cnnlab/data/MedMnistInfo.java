package cnnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The published facts of one MedMNIST v2/v3 2D dataset: task, channels, label names, split sizes, the
 * Zenodo file and its MD5. They come from MedMNIST's own {@code medmnist/info.py} (version 3.0.2,
 * commit {@code 3bb56be}), transcribed into the resource {@code cnnlab/data/medmnist.json}; the same
 * table, with its source, is in {@code docs/medmnist.md}, and {@code data/fetch-medmnist.sh} carries
 * the URLs and MD5 sums (a test checks that the two agree).
 *
 * <p>{@link MedMnistReader} checks a loaded file against them: its channels, its number of classes
 * (or labels), and the size of each split, so that a file of another dataset or another version
 * is noticed at once instead of training something else than intended.
 *
 * @param name the lower-case name, also the file name without {@code .npz} ({@code pneumoniamnist})
 * @param title MedMNIST's class name ({@code PneumoniaMNIST})
 * @param task what the labels mean
 * @param channels 1 (grey) or 3 (RGB)
 * @param labels the class (multi-label: label) names, by index
 * @param train the number of training images
 * @param val the number of validation images
 * @param test the number of test images
 * @param md5 the MD5 of the 28x28 {@code .npz} file as MedMNIST publishes it
 * @param url where the file is on Zenodo
 * @param licence the licence of the data ({@code CC BY 4.0}; DermaMNIST {@code CC BY-NC 4.0})
 */
public record MedMnistInfo(String name, String title, Task task, int channels, List<String> labels, int train, int val,
                           int test, String md5, String url, String licence) {

    /** The resource with the table. */
    public static final String RESOURCE = "/cnnlab/data/medmnist.json";

    /** MedMNIST+'s larger versions of the same data are named e.g. {@code pathmnist_64.npz}. */
    private static final Pattern SIZE_SUFFIX = Pattern.compile("(.*)_(28|64|128|224)");

    private static final Map<String, MedMnistInfo> TABLE = load();

    /** The number of classes (multi-label: of labels). */
    public int classes() {
        return labels.size();
    }

    /** Every known dataset, in MedMNIST's order (PathMNIST first). */
    public static List<MedMnistInfo> all() {
        return List.copyOf(TABLE.values());
    }

    /** The known names, lower case. */
    public static List<String> names() {
        return List.copyOf(TABLE.keySet());
    }

    /** The dataset called {@code name} (any case, e.g. {@code PneumoniaMNIST}), if it is one of MedMNIST's 2D sets. */
    public static Optional<MedMnistInfo> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(TABLE.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The dataset a {@code data.dataset} name stands for: a MedMNIST name ({@code pneumoniamnist}) or a
     * MedMNIST+ one with its size ({@code pneumoniamnist_64}).
     */
    public static Optional<MedMnistInfo> forDatasetName(String name) {
        Optional<MedMnistInfo> plain = find(name);
        return plain.isPresent() || name == null || name.contains("/") || name.contains(".") ? plain : forFileName(name + ".npz");
    }

    /**
     * The dataset a file name stands for: {@code pneumoniamnist.npz} and MedMNIST+'s
     * {@code pneumoniamnist_64.npz} both stand for PneumoniaMNIST.
     */
    public static Optional<MedMnistInfo> forFileName(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT);
        if (base.endsWith(".npz")) {
            base = base.substring(0, base.length() - 4);
        }
        Matcher m = SIZE_SUFFIX.matcher(base);
        return find(m.matches() ? m.group(1) : base);
    }

    /** The image side a file name promises: 28 unless it ends in {@code _64}, {@code _128} or {@code _224}. */
    public static int sizeOfFileName(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.npz$", "");
        Matcher m = SIZE_SUFFIX.matcher(base);
        return m.matches() ? Integer.parseInt(m.group(2)) : 28;
    }

    private static Map<String, MedMnistInfo> load() {
        try (InputStream in = MedMnistInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, MedMnistInfo> table = new LinkedHashMap<>();
            for (JsonNode d : root.get("datasets")) {
                List<String> labels = new ArrayList<>();
                d.get("labels").forEach(l -> labels.add(l.asText()));
                MedMnistInfo info = new MedMnistInfo(d.get("name").asText(), d.get("title").asText(),
                        Task.ofMedMnistName(d.get("task").asText()), d.get("channels").asInt(),
                        Collections.unmodifiableList(labels), d.get("train").asInt(), d.get("val").asInt(),
                        d.get("test").asInt(), d.get("md5").asText(), d.get("url").asText(), d.get("licence").asText());
                table.put(info.name(), info);
            }
            return Collections.unmodifiableMap(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
