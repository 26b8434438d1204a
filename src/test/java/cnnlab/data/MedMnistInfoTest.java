package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The table of MedMNIST's published facts (info.py v3.0.2), and that the fetch script carries the same MD5 sums. */
class MedMnistInfoTest {

    @Test
    void theTwelve2dDatasets() {
        assertEquals(List.of("pathmnist", "chestmnist", "dermamnist", "octmnist", "pneumoniamnist", "retinamnist", "breastmnist",
                "bloodmnist", "tissuemnist", "organamnist", "organcmnist", "organsmnist"), MedMnistInfo.names());
    }

    @Test
    void theFactsTheIssueQuotes() {
        assertFacts("pathmnist", Task.MULTI_CLASS, 3, 9, 89996, 10004, 7180);
        assertFacts("pneumoniamnist", Task.BINARY, 1, 2, 4708, 524, 624);
        assertFacts("bloodmnist", Task.MULTI_CLASS, 3, 8, 11959, 1712, 3421);
        assertFacts("organamnist", Task.MULTI_CLASS, 1, 11, 34561, 6491, 17778);
        assertFacts("chestmnist", Task.MULTI_LABEL, 1, 14, 78468, 11219, 22433);
        assertFacts("retinamnist", Task.ORDINAL_REGRESSION, 3, 5, 1080, 120, 400);
        MedMnistInfo p = MedMnistInfo.find("PneumoniaMNIST").orElseThrow();
        assertEquals(List.of("normal", "pneumonia"), p.labels());
        assertEquals("28209eda62fecd6e6a2d98b1501bb15f", p.md5());
        assertEquals("https://zenodo.org/records/10519652/files/pneumoniamnist.npz?download=1", p.url());
        assertEquals("CC BY-NC 4.0", MedMnistInfo.find("dermamnist").orElseThrow().licence());
        for (MedMnistInfo i : MedMnistInfo.all()) {
            assertTrue(i.md5().matches("[0-9a-f]{32}"), i.name());
            assertTrue(i.url().endsWith("/" + i.name() + ".npz?download=1"), i.name());
            assertEquals(i.title().toLowerCase(), i.name());
        }
    }

    @Test
    void fileNames() {
        assertEquals("bloodmnist", MedMnistInfo.forFileName("BloodMNIST.npz").orElseThrow().name());
        assertEquals("bloodmnist", MedMnistInfo.forFileName("bloodmnist_64.npz").orElseThrow().name());
        assertEquals(64, MedMnistInfo.sizeOfFileName("bloodmnist_64.npz"));
        assertEquals(28, MedMnistInfo.sizeOfFileName("bloodmnist.npz"));
        assertTrue(MedMnistInfo.forFileName("tiny.npz").isEmpty());
        assertTrue(MedMnistInfo.find("organmnist3d").isEmpty(), "3D datasets are not in the table");
    }

    @Test
    void theFetchScriptHasTheSameMd5Sums() throws IOException {
        String script = Files.readString(Path.of("data/fetch-medmnist.sh"));
        Matcher m = Pattern.compile("\"([a-z]+mnist)\\s+([0-9a-f]{32})\"").matcher(script);
        Map<String, String> md5 = new LinkedHashMap<>();
        while (m.find()) {
            md5.put(m.group(1), m.group(2));
        }
        Map<String, String> table = new LinkedHashMap<>();
        MedMnistInfo.all().forEach(i -> table.put(i.name(), i.md5()));
        assertEquals(table, md5);
        assertTrue(script.contains("https://zenodo.org/records/10519652/files"), "the Zenodo record of info.py's URLs");
    }

    private static void assertFacts(String name, Task task, int channels, int classes, int train, int val, int test) {
        MedMnistInfo i = MedMnistInfo.find(name).orElseThrow();
        assertEquals(task, i.task(), name);
        assertEquals(channels, i.channels(), name);
        assertEquals(classes, i.classes(), name);
        assertEquals(train, i.train(), name);
        assertEquals(val, i.val(), name);
        assertEquals(test, i.test(), name);
    }
}
