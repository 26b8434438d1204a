package cnnlab.data;

import java.nio.file.Path;

/**
 * Where a dataset's images are, as found by {@link DatasetCatalog#find}: four IDX files
 * ({@link DatasetFiles}: MNIST, Fashion-MNIST, the bundled sample) or one MedMNIST {@code .npz}
 * archive ({@link NpzDataset}). Finding is separate from loading so that a command can report what
 * it will read (and refuse a missing file) before spending time reading it.
 */
public sealed interface DatasetSource permits DatasetFiles, NpzDataset {

    /** The dataset's name as given (e.g. {@code mnist-sample}, {@code pneumoniamnist} or a path). */
    String name();

    /** The file to name in a message about the training images: the IDX images file or the archive. */
    Path file();

    /**
     * Reads and checks every split.
     *
     * @throws DataFileException if a file is missing, damaged or not what the dataset should be
     */
    LoadedDataset load();
}
