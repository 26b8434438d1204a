package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatasetCatalog#find}: MedMNIST names, .npz paths, MedMNIST's own folder, and how to fetch a missing file. */
class DatasetCatalogMedMnistTest {

    @TempDir
    Path dir;

    private String home;

    @BeforeEach
    void noMedMnistHome() {
        home = System.getProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY);
        System.setProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY, dir.resolve("home/.medmnist").toString());
    }

    @AfterEach
    void restore() {
        if (home == null) {
            System.clearProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY);
        } else {
            System.setProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY, home);
        }
    }

    @Test
    void aMissingFileSaysHowToFetchIt() {
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetCatalog.find("pneumoniamnist", dir));
        assertEquals(dir.resolve("data/medmnist/pneumoniamnist.npz") + ": not found; fetch it with data/fetch-medmnist.sh "
                + "pneumoniamnist (needs internet, e.g. on Greene; nothing is downloaded at run time), or set data.dataset to the "
                + "path of a copy", e.getMessage());
        DataFileException path = assertThrows(DataFileException.class,
                () -> DatasetCatalog.find(dir.resolve("bloodmnist.npz").toString(), dir));
        assertTrue(path.getMessage().endsWith("bloodmnist.npz: not found; fetch it with data/fetch-medmnist.sh bloodmnist "
                + "(needs internet, e.g. on Greene)"), path.getMessage());
    }

    @Test
    void namesAreFoundInTheProjectThenInMedMnistsOwnFolder() throws Exception {
        Path own = Files.createDirectories(dir.resolve("home/.medmnist")).resolve("bloodmnist.npz");
        Files.writeString(own, "not read by find");
        NpzDataset blood = assertInstanceOf(NpzDataset.class, DatasetCatalog.find("BloodMNIST", dir));
        assertEquals(own, blood.file());
        assertEquals("bloodmnist", blood.info().name());

        Path inProject = Files.createDirectories(dir.resolve("data/medmnist")).resolve("bloodmnist.npz");
        Files.writeString(inProject, "x");
        assertEquals(inProject, ((NpzDataset) DatasetCatalog.find("bloodmnist", dir)).file(), "the project's copy first");
    }

    @Test
    void aPathToAnNpzFile() {
        Path tiny = Npz.write(dir.resolve("tiny.npz"), 1, 4, 4, 2, false, new int[] {4, 2, 2}, 1);
        NpzDataset d = assertInstanceOf(NpzDataset.class, DatasetCatalog.find(tiny.toString(), Path.of("unused")));
        assertNull(d.info(), "not one of MedMNIST's: no facts to check against");
        assertEquals(tiny.toString(), d.name());
        assertEquals(4, d.load().train().size());
        Path named = Npz.write(dir.resolve("pneumoniamnist_64.npz"), 1, 4, 4, 2, false, new int[] {4, 2, 2}, 1);
        assertEquals("pneumoniamnist", ((NpzDataset) DatasetCatalog.find(named.toString(), dir)).info().name());
    }

    @Test
    void idxNamesAndFoldersAsBefore() {
        assertInstanceOf(DatasetFiles.class, DatasetCatalog.find("mnist-sample", Path.of("")));
        UnknownDatasetException e = assertThrows(UnknownDatasetException.class, () -> DatasetCatalog.find("pneumonia", dir));
        assertTrue(e.getMessage().startsWith("unknown dataset 'pneumonia': not one of mnist-sample, mnist, fashion-mnist, "
                + "pathmnist, chestmnist, "), e.getMessage());
        assertTrue(e.getMessage().endsWith("organsmnist, and no directory or .npz file of that name exists"), e.getMessage());
    }
}
