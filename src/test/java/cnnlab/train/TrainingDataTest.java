package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import cnnlab.config.ModelConfig;
import cnnlab.data.DataFileException;
import cnnlab.data.ImageSet;

/** Data must fit the model: image size, and labels below model.classes, with one-hot labels as wide as the output. */
class TrainingDataTest {

    private static final Path IMAGES = Path.of("images.gz");
    private static final Path LABELS = Path.of("labels.gz");

    @Test
    void fewerClassesThanTheModelGetTheModelsWidth() {
        ImageSet three = new ImageSet("three", 28, 28, new byte[3 * 784], new int[] {0, 1, 2});
        assertEquals(3, three.numClasses());
        assertEquals(10, TrainingData.fit(new ModelConfig(), three, IMAGES, LABELS).numClasses());
    }

    @Test
    void labelsBeyondTheModelsClassesAreRefused() {
        ModelConfig five = new ModelConfig();
        five.classes = 5;
        ImageSet ten = new ImageSet("ten", 28, 28, new byte[2 * 784], new int[] {0, 9});
        DataFileException e = assertThrows(DataFileException.class, () -> TrainingData.fit(five, ten, IMAGES, LABELS));
        assertEquals("labels.gz: labels go up to 9 but the config's model.classes is 5", e.getMessage());
    }

    @Test
    void imagesOfAnotherSizeAreRefused() {
        ImageSet big = new ImageSet("big", 32, 32, new byte[1024], new int[] {1});
        DataFileException e = assertThrows(DataFileException.class, () -> TrainingData.fit(new ModelConfig(), big, IMAGES, LABELS));
        assertTrue(e.getMessage().startsWith("images.gz: images are 1x32x32 but the config's model.input is 1x28x28"), e.getMessage());
    }
}
