package cnnlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the user types for a dataset into its four files: a known name, or a directory that
 * holds the files under the official MNIST names.
 *
 * <p>Known names:
 * <ul>
 *   <li>{@code mnist-sample}: {@code <project>/data/mnist-sample}, the 8,000 + 2,000 digits committed
 *       with the project (see {@code data/README.md});</li>
 *   <li>{@code mnist}: {@code <project>/data/mnist}, where {@code data/fetch-mnist.sh} puts the full
 *       MNIST;</li>
 *   <li>{@code fashion-mnist}: {@code /usr/share/datasets/fashion-mnist}, where Debian's package
 *       {@code dataset-fashion-mnist} installs it; the system property
 *       {@value #FASHION_MNIST_DIR_PROPERTY} overrides that directory.</li>
 * </ul>
 * Anything else is a directory path, relative to the current directory. A name wins over a directory
 * of the same name in the current directory (pass {@code ./mnist} for the directory).
 *
 * <p>In a directory, each file may be gzipped ({@code .gz}) or not; when both exist the {@code .gz}
 * is used. Problems are reported in one line: an unknown name lists the known ones
 * ({@link UnknownDatasetException}); missing files are named together with how to get them
 * ({@link DataFileException}).
 */
public final class DatasetCatalog {

    /** The committed sample of MNIST. */
    public static final String MNIST_SAMPLE = "mnist-sample";
    /** The full MNIST, as downloaded by {@code data/fetch-mnist.sh}. */
    public static final String MNIST = "mnist";
    /** Zalando's Fashion-MNIST, as installed by Debian's {@code dataset-fashion-mnist}. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** System property that replaces {@link #FASHION_MNIST_DIR} (for tests, or an unpacked .deb). */
    public static final String FASHION_MNIST_DIR_PROPERTY = "cnnlab.fashionMnistDir";
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The official file names, without {@code .gz}, in {@link DatasetFiles} order. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final String GET_MNIST = "run data/fetch-mnist.sh on a machine with internet "
            + "(or pass the directory it wrote to)";
    private static final String GET_FASHION = "install Debian's package: sudo apt-get install dataset-fashion-mnist"
            + " (without root: apt-get download dataset-fashion-mnist, dpkg -x it, and pass"
            + " usr/share/datasets/fashion-mnist of the result as the dataset directory)";
    private static final String GET_SAMPLE = "it is part of the repository: git checkout -- data/mnist-sample";

    private DatasetCatalog() {
    }

    /** The known dataset names. */
    public static List<String> names() {
        return List.of(MNIST_SAMPLE, MNIST, FASHION_MNIST);
    }

    /**
     * Finds a dataset's files.
     *
     * @param nameOrPath a known name or a directory
     * @param projectRoot the project's root directory, which holds {@code data/}
     * @throws UnknownDatasetException if it is neither a known name nor an existing directory
     * @throws DataFileException if the directory lacks files (the message says how to get them) or is a file
     */
    public static DatasetFiles resolve(String nameOrPath, Path projectRoot) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new UnknownDatasetException(String.valueOf(nameOrPath), names());
        }
        switch (nameOrPath) {
            case MNIST_SAMPLE:
                return inDirectory(MNIST_SAMPLE, projectRoot.resolve("data").resolve("mnist-sample"), GET_SAMPLE);
            case MNIST:
                return inDirectory(MNIST, projectRoot.resolve("data").resolve("mnist"), GET_MNIST);
            case FASHION_MNIST:
                return inDirectory(FASHION_MNIST, fashionMnistDir(), GET_FASHION);
            default:
                Path dir = Path.of(nameOrPath);
                if (Files.isDirectory(dir)) {
                    return inDirectory(nameOrPath, dir, null);
                }
                if (Files.exists(dir)) {
                    throw new DataFileException(dir, "is a file; expected a dataset name (" + String.join(", ", names())
                            + ") or a directory holding " + String.join(", ", FILE_NAMES) + " (each .gz or not)");
                }
                throw new UnknownDatasetException(nameOrPath, names());
        }
    }

    /** The Fashion-MNIST directory: the system property {@value #FASHION_MNIST_DIR_PROPERTY} or Debian's. */
    public static Path fashionMnistDir() {
        String override = System.getProperty(FASHION_MNIST_DIR_PROPERTY);
        return override == null || override.isBlank() ? FASHION_MNIST_DIR : Path.of(override);
    }

    /**
     * Finds the four files in {@code dir}.
     *
     * @param howToGet what to tell the user when files are missing, or {@code null} to list the expected names
     * @throws DataFileException if the directory is missing or lacks files
     */
    public static DatasetFiles inDirectory(String name, Path dir, String howToGet) {
        String advice = howToGet != null ? howToGet
                : "expected " + String.join(", ", FILE_NAMES) + ", each gzipped (.gz) or not";
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, (Files.exists(dir) ? "is not a directory" : "not found") + "; " + advice);
        }
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String base : FILE_NAMES) {
            Path gz = dir.resolve(base + ".gz");
            Path plain = dir.resolve(base);
            if (Files.isRegularFile(gz)) {
                found.add(gz);
            } else if (Files.isRegularFile(plain)) {
                found.add(plain);
            } else {
                missing.add(base + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new DataFileException(dir, "missing " + String.join(", ", missing) + "; " + advice);
        }
        return new DatasetFiles(name, found.get(0), found.get(1), found.get(2), found.get(3));
    }
}
