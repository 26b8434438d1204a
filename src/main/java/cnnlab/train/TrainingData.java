package cnnlab.train;

import java.nio.file.Path;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.ModelConfig;
import cnnlab.data.DatasetCatalog;
import cnnlab.data.DataFileException;
import cnnlab.data.DatasetFiles;
import cnnlab.data.ImageBatches;
import cnnlab.data.ImageSet;
import cnnlab.data.Normaliser;
import cnnlab.data.Splits;

/**
 * The images of a run, prepared as the config says: loaded from the named dataset, limited,
 * split into training and validation with the run's seed, and normalised with statistics of the
 * training images only.
 *
 * @param files where the images came from
 * @param train training images
 * @param validation validation images (empty when the fraction is 0)
 * @param test test images
 * @param normaliser the pixel scaling, fitted on {@code train}
 */
public record TrainingData(DatasetFiles files, ImageSet train, ImageSet validation, ImageSet test, Normaliser normaliser) {

    /** The project folder that dataset names are resolved against (the launcher sets {@code cnnlab.home}). */
    public static Path projectRoot() {
        return Path.of(System.getProperty("cnnlab.home", "."));
    }

    /** Loads and prepares the data of {@code config}, checking it fits the model's input and classes. */
    public static TrainingData load(ExperimentConfig config) {
        DatasetFiles files = DatasetCatalog.resolve(config.data.dataset, projectRoot());
        ImageSet fullTrain = fit(config.model, ImageSet.load(files.trainImages(), files.trainLabels(), files.name() + "/train"),
                files.trainImages(), files.trainLabels());
        ImageSet test = fit(config.model, ImageSet.load(files.testImages(), files.testLabels(), files.name() + "/test"),
                files.testImages(), files.testLabels());
        if (config.data.trainLimit > 0 && config.data.trainLimit < fullTrain.size()) {
            fullTrain = fullTrain.first(config.data.trainLimit);
        }
        if (config.data.testLimit > 0 && config.data.testLimit < test.size()) {
            test = test.first(config.data.testLimit);
        }
        ImageSet[] split = Splits.trainValidation(fullTrain, config.data.validationFraction, config.seed);
        Normaliser normaliser = Normaliser.fit(config.data.normalisation, split[0]);
        return new TrainingData(files, split[0], split[1], test, normaliser);
    }

    /**
     * Checks that {@code images} fit the model (size, one channel, labels below model.classes) and
     * gives them the model's number of classes, so that one-hot labels are as wide as its output.
     */
    public static ImageSet fit(ModelConfig m, ImageSet images, Path imageFile, Path labelFile) {
        if (images.rows() != m.input.height || images.cols() != m.input.width || m.input.channels != 1) {
            throw new DataFileException(imageFile, "images are 1x" + images.rows() + "x" + images.cols()
                    + " but the config's model.input is " + m.input.channels + "x" + m.input.height + "x" + m.input.width);
        }
        if (images.numClasses() > m.classes) {
            throw new DataFileException(labelFile, "labels go up to " + (images.numClasses() - 1)
                    + " but the config's model.classes is " + m.classes);
        }
        return images.withNumClasses(m.classes);
    }

    /** Batches of the training images, shuffled per epoch from the seed. */
    public ImageBatches trainBatches(int batchSize, long seed) {
        return new ImageBatches(train, batchSize, normaliser, true, seed);
    }

    /** Batches of {@code set} in file order, for evaluation. */
    public DataSetIterator evaluationBatches(ImageSet set, int batchSize) {
        return new ImageBatches(set, batchSize, normaliser, false, 0);
    }
}
