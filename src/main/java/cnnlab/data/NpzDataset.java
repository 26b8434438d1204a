package cnnlab.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A MedMNIST dataset in its {@code .npz} archive (see {@link MedMnistReader} for the layout).
 *
 * @param name the dataset's name as given (e.g. {@code pneumoniamnist} or a path)
 * @param file the archive
 * @param info MedMNIST's published facts to check the file against, or {@code null} for an archive
 *        in MedMNIST's layout that is none of MedMNIST's datasets (e.g. one a test wrote)
 */
public record NpzDataset(String name, Path file, MedMnistInfo info) implements DatasetSource {

    /** Requires a name and a file. */
    public NpzDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    /** The published facts, if this is one of MedMNIST's datasets. */
    public Optional<MedMnistInfo> known() {
        return Optional.ofNullable(info);
    }

    @Override
    public LoadedDataset load() {
        return MedMnistReader.read(file, name, info);
    }
}
