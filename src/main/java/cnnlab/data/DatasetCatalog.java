package cnnlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the user types for a dataset into its files: a known name, a directory that holds the
 * four IDX files under the official MNIST names, or ({@link #find} only) a MedMNIST {@code .npz}
 * archive.
 *
 * <p>{@link #find} knows every dataset: the IDX names below, MedMNIST's twelve 2D datasets by name
 * ({@code pneumoniamnist}, {@code bloodmnist}, ...; see {@link MedMnistInfo}), which are looked for
 * as {@code <project>/data/medmnist/<name>.npz}, where {@code data/fetch-medmnist.sh} puts them, and
 * then as {@code ~/.medmnist/<name>.npz}, where MedMNIST's own Python package downloads them (the
 * system property {@value #MEDMNIST_HOME_PROPERTY} replaces that folder); and the path of any
 * {@code .npz} file in MedMNIST's layout. MedMNIST+'s larger files are named with their size,
 * {@code pneumoniamnist_64} ({@code _128}, {@code _224}), and looked for in the same places as
 * {@code pneumoniamnist_64.npz}. A missing MedMNIST file is one line that says how to fetch
 * it. Nothing is ever downloaded at run time. {@link #resolve}, the older entry point, knows the IDX
 * datasets only.
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

    /** System property that replaces MedMNIST's own download folder {@code ~/.medmnist} (for tests). */
    public static final String MEDMNIST_HOME_PROPERTY = "cnnlab.medmnistHome";

    private DatasetCatalog() {
    }

    /** The known names of IDX datasets. */
    public static List<String> names() {
        return List.of(MNIST_SAMPLE, MNIST, FASHION_MNIST);
    }

    /** Every known dataset name: the IDX ones, then MedMNIST's. */
    public static List<String> allNames() {
        List<String> all = new ArrayList<>(names());
        all.addAll(MedMnistInfo.names());
        return all;
    }

    /**
     * Finds any dataset: an IDX name or directory (as {@link #resolve}), a MedMNIST name, or the path
     * of an {@code .npz} file.
     *
     * @param nameOrPath a known name, a directory or an {@code .npz} file
     * @param projectRoot the project's root directory, which holds {@code data/}
     * @throws UnknownDatasetException if it is none of these
     * @throws DataFileException if the files are missing (the message says how to get them) or unusable
     */
    public static DatasetSource find(String nameOrPath, Path projectRoot) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new UnknownDatasetException(String.valueOf(nameOrPath), allNames(), "no directory or .npz file of that name exists");
        }
        if (names().contains(nameOrPath)) {
            return resolve(nameOrPath, projectRoot);
        }
        java.util.Optional<MedMnistInfo> info = MedMnistInfo.find(nameOrPath);
        if (info.isPresent()) {
            return medMnist(info.get(), projectRoot);
        }
        if (SIZED_NAME.matcher(nameOrPath).matches()) {   // MedMNIST+: pneumoniamnist_64, _128, _224
            java.util.Optional<MedMnistInfo> sized = MedMnistInfo.forFileName(nameOrPath + ".npz");
            if (sized.isPresent()) {
                return medMnist(sized.get(), nameOrPath.toLowerCase(java.util.Locale.ROOT), projectRoot);
            }
        }
        Path path = Path.of(nameOrPath);
        if (nameOrPath.toLowerCase(java.util.Locale.ROOT).endsWith(".npz")) {
            if (!Files.exists(path)) {
                throw new DataFileException(path, "not found" + MedMnistInfo.forFileName(path.getFileName().toString())
                        .map(i -> "; fetch it with data/fetch-medmnist.sh " + i.name() + " (needs internet, e.g. on Greene)")
                        .orElse(""));
            }
            if (Files.isDirectory(path)) {
                throw new DataFileException(path, "is a directory, expected a MedMNIST .npz file");
            }
            String name = path.getFileName().toString();
            return new NpzDataset(nameOrPath, path, MedMnistInfo.forFileName(name).orElse(null));
        }
        if (Files.isDirectory(path)) {
            return inDirectory(nameOrPath, path, null);
        }
        if (Files.exists(path)) {
            throw new DataFileException(path, "is a file; expected a dataset name, a directory holding "
                    + String.join(", ", FILE_NAMES) + " (each .gz or not), or a MedMNIST .npz file");
        }
        throw new UnknownDatasetException(nameOrPath, allNames(), "no directory or .npz file of that name exists");
    }

    /** MedMNIST's own download folder, {@code ~/.medmnist}, or the system property {@value #MEDMNIST_HOME_PROPERTY}. */
    public static Path medMnistHome() {
        String override = System.getProperty(MEDMNIST_HOME_PROPERTY);
        return override == null || override.isBlank() ? Path.of(System.getProperty("user.home"), ".medmnist") : Path.of(override);
    }

    /**
     * A MedMNIST dataset's archive: {@code <project>/data/medmnist/<name>.npz}, else
     * {@code ~/.medmnist/<name>.npz}.
     *
     * @throws DataFileException naming the first place and how to fetch the file, if it is in neither
     */
    public static NpzDataset medMnist(MedMnistInfo info, Path projectRoot) {
        return medMnist(info, info.name(), projectRoot);
    }

    /** A MedMNIST+ name: a dataset's name and a size, e.g. {@code pneumoniamnist_64} or {@code PathMNIST_224}. */
    private static final java.util.regex.Pattern SIZED_NAME = java.util.regex.Pattern.compile("[A-Za-z]+_(28|64|128|224)");

    /**
     * The archive {@code <fileBase>.npz} of a MedMNIST dataset ({@code pneumoniamnist}, or MedMNIST+'s
     * {@code pneumoniamnist_64}) in {@code <project>/data/medmnist/}, else in {@code ~/.medmnist/}.
     */
    static NpzDataset medMnist(MedMnistInfo info, String fileBase, Path projectRoot) {
        String file = fileBase + ".npz";
        int side = MedMnistInfo.sizeOfFileName(file);
        String fetch = "data/fetch-medmnist.sh " + (side == 28 ? "" : "--size " + side + " ") + info.name();
        Path inProject = projectRoot.resolve("data").resolve("medmnist").resolve(file);
        for (Path p : List.of(inProject, medMnistHome().resolve(file))) {
            if (Files.isRegularFile(p)) {
                return new NpzDataset(fileBase, p, info);
            }
        }
        throw new DataFileException(inProject, "not found; fetch it with " + fetch
                + " (needs internet, e.g. on Greene; nothing is downloaded at run time), or set data.dataset to the path"
                + " of a copy");
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
