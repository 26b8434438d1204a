package cnnlab.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.config.ModelConfig;
import cnnlab.config.TrainingConfig;
import cnnlab.data.DataFileException;
import cnnlab.data.DatasetCatalog;
import cnnlab.data.DatasetFiles;
import cnnlab.data.DatasetSource;
import cnnlab.data.ImageSet;
import cnnlab.data.LoadedDataset;
import cnnlab.data.MedMnistInfo;
import cnnlab.data.Normaliser;
import cnnlab.data.NpzDataset;
import cnnlab.data.Splits;
import cnnlab.data.Task;
import cnnlab.model.OutputHead;

/**
 * The images of a run, prepared as the config says: loaded from the named dataset, limited, split
 * into training and validation, and normalised with statistics of the training images only.
 *
 * <p><b>Validation.</b> A dataset with a validation split of its own (MedMNIST) uses it as it is;
 * otherwise (IDX data) {@code data.validationFraction} of the training images are split off with the
 * run's seed. {@code data.trainLimit} and {@code data.testLimit} shorten the training and test
 * images; a dataset's own validation split is used whole.
 *
 * <p><b>The network's input and output come from the data</b> for a MedMNIST dataset
 * ({@link #adapt}): {@code model.input.channels} and {@code model.classes} are replaced by the data's
 * (a log line says so when the config's differ), and a multi-label set gets sigmoid outputs with
 * binary cross-entropy ({@link #outputHead}); so one LeNet config trains on grey and colour, binary,
 * multi-class and multi-label sets. The image height and width stay the config's, because the layer
 * stack is checked against them; the data must match. For IDX data nothing changes: the images must
 * be grey and of the configured size, and {@code model.classes} at least the largest label + 1.
 *
 * @param source where the images came from
 * @param train training images
 * @param validation validation images (empty when the fraction is 0)
 * @param test test images
 * @param normaliser the pixel scaling, fitted on {@code train}
 * @param task what the labels mean
 * @param classNames one name per class (label), by index
 * @param fileMd5 the MD5 of a MedMNIST archive of a known dataset (checked against the published one),
 *        else {@code null}
 */
public record TrainingData(DatasetSource source, ImageSet train, ImageSet validation, ImageSet test, Normaliser normaliser,
                           Task task, List<String> classNames, String fileMd5) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    /** The project folder that dataset names are resolved against (the launcher sets {@code cnnlab.home}). */
    public static Path projectRoot() {
        return Path.of(System.getProperty("cnnlab.home", "."));
    }

    /** Loads and prepares the data of {@code config}, checking it fits the model's input and classes. */
    public static TrainingData load(ExperimentConfig config) {
        DatasetSource source = DatasetCatalog.find(config.data.dataset, projectRoot());
        LoadedDataset d = source.load();
        ImageSet fullTrain = d.train();
        ImageSet test = d.test();
        if (source instanceof DatasetFiles files) {
            fullTrain = fit(config.model, fullTrain, files.trainImages(), files.trainLabels());
            test = fit(config.model, test, files.testImages(), files.testLabels());
        }
        if (config.data.trainLimit > 0 && config.data.trainLimit < fullTrain.size()) {
            fullTrain = fullTrain.first(config.data.trainLimit);
        }
        if (config.data.testLimit > 0 && config.data.testLimit < test.size()) {
            test = test.first(config.data.testLimit);
        }
        if (!(source instanceof DatasetFiles)) {
            checkSize(config.model, fullTrain, source);   // IDX files were checked by fit, channels and labels too
        }
        ImageSet[] split;
        if (d.validation() != null) {
            split = new ImageSet[] {fullTrain, d.validation()};
            LOG.info("validation: the dataset's own split of {} images (data.validationFraction does not apply)",
                    d.validation().size());
        } else {
            split = Splits.trainValidation(fullTrain, config.data.validationFraction, config.seed);
        }
        Normaliser normaliser = Normaliser.fit(config.data.normalisation, split[0]);
        String md5 = source instanceof NpzDataset npz ? checkMd5(npz) : null;
        return new TrainingData(source, split[0], split[1], test, normaliser, d.task(), d.classNames(), md5);
    }

    /** Whether this is a MedMNIST dataset (an {@code .npz} archive), whose runs report AUC and friends. */
    public boolean medical() {
        return source instanceof NpzDataset;
    }

    /** Colour channels of the images. */
    public int channels() {
        return train.channels();
    }

    /** Number of classes (multi-label: labels). */
    public int numClasses() {
        return train.numClasses();
    }

    /**
     * {@code config} with the network's input channels and number of classes taken from the data, for
     * a MedMNIST dataset (each change is logged); {@code config} itself for IDX data.
     */
    public ExperimentConfig adapt(ExperimentConfig config) {
        return medical() ? withShape(config, channels(), numClasses(), source.name()) : config;
    }

    /**
     * A copy of {@code config} with {@code model.input.channels} and {@code model.classes} set (logged
     * where they change), validated as a config; {@code config} itself when nothing changes.
     */
    public static ExperimentConfig withShape(ExperimentConfig config, int channels, int classes, String from) {
        ModelConfig m = config.model;
        if (m.input.channels == channels && m.classes == classes) {
            return config;
        }
        if (m.input.channels != channels) {
            LOG.info("model.input.channels: {} from the data ({}); the config says {}", channels, from, m.input.channels);
        }
        if (m.classes != classes) {
            LOG.info("model.classes: {} from the data ({}); the config says {}", classes, from, m.classes);
        }
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(config);
        ((ObjectNode) tree.get("model").get("input")).put("channels", channels);
        ((ObjectNode) tree.get("model")).put("classes", classes);
        return ConfigLoader.fromTree(tree, Path.of("(" + config.name + " with the shape of " + from + ")"));
    }

    /**
     * The config as {@code cnnlab summary} shows it without loading any images: for one of MedMNIST's
     * datasets with the channels and classes of its published facts, otherwise unchanged.
     */
    public static ExperimentConfig withKnownShape(ExperimentConfig config) {
        return MedMnistInfo.find(config.data.dataset)
                .map(i -> withShape(config, i.channels(), i.classes(), i.name()))
                .orElse(config);
    }

    /** The output layer a known MedMNIST dataset needs (for {@code cnnlab summary}); softmax otherwise. */
    public static OutputHead knownHead(ExperimentConfig config) {
        return new OutputHead(MedMnistInfo.find(config.data.dataset).map(i -> i.task().multiLabel()).orElse(false), null);
    }

    /**
     * The output layer the data needs: sigmoid and binary cross-entropy for a multi-label set,
     * softmax and cross-entropy otherwise, with {@link #classWeights} if the config asks for them.
     *
     * @throws DataFileException if balanced weights are asked for a multi-label set
     */
    public OutputHead outputHead(ExperimentConfig config) {
        double[] weights = null;
        if (config.training.classWeights == TrainingConfig.ClassWeights.BALANCED) {
            if (task.multiLabel()) {
                throw new DataFileException(source.file(), "multi-label (" + numClasses() + " labels per image): "
                        + "training.classWeights: balanced is for single-label datasets; use none");
            }
            weights = classWeights(train);
            LOG.info("class weights (balanced, from {} training images): {}", train.size(), describeWeights(weights));
        }
        return new OutputHead(task.multiLabel(), weights);
    }

    /**
     * Balanced class weights of a single-label set: {@code w_c = n / (K * n_c)} for {@code n} images,
     * {@code K} classes and {@code n_c} images of class {@code c}, so that each class's images weigh
     * {@code n / K} in all, and a set with equal classes gets weights of 1. A class without images gets
     * weight 0 (its term of the loss is 0 for every image anyway).
     */
    public static double[] classWeights(ImageSet set) {
        int[] counts = set.classCounts();
        int k = counts.length;
        double n = set.size();
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                LOG.warn("class {} has no training images: weight 0", c);
            }
            w[c] = counts[c] == 0 ? 0 : n / (k * (double) counts[c]);
        }
        return w;
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

    /**
     * The test images of a dataset, as a trained model takes them.
     *
     * @param images the test images, one-hot labels as wide as the model's output
     * @param task what the labels mean
     * @param classNames one name per class of the model (numbers where the dataset names fewer)
     */
    public record TestImages(ImageSet images, Task task, List<String> classNames) {
    }

    /**
     * Loads the test images of {@code source} for a trained model, checked to fit its input (size and
     * channels) and its outputs (no label beyond its classes; multi-label data only for a multi-label
     * model with as many labels), as {@code cnnlab evaluate} needs them, with another dataset too.
     *
     * @param multiLabel whether the model has sigmoid (multi-label) outputs
     * @throws DataFileException naming the file that does not fit
     */
    public static TestImages testImages(DatasetSource source, ModelConfig model, boolean multiLabel) {
        ImageSet test;
        Task task;
        List<String> names;
        Path where;
        if (source instanceof DatasetFiles files) {
            test = files.loadTest();
            task = Task.MULTI_CLASS;
            names = List.of();
            where = files.testImages();
        } else {
            LoadedDataset d = source.load();
            test = d.test();
            task = d.task();
            names = d.classNames();
            where = source.file();
        }
        if (test.rows() != model.input.height || test.cols() != model.input.width || test.channels() != model.input.channels) {
            throw new DataFileException(where, "images are " + test.channels() + "x" + test.rows() + "x" + test.cols()
                    + ", the model takes " + model.input.channels + "x" + model.input.height + "x" + model.input.width);
        }
        if (test.multiLabel() != multiLabel || (multiLabel ? test.numClasses() != model.classes : test.numClasses() > model.classes)) {
            throw new DataFileException(where, (test.multiLabel() ? test.numClasses() + " labels per image" : "classes 0.."
                    + (test.numClasses() - 1)) + ", the model has " + model.classes + (multiLabel ? " sigmoid" : " softmax") + " outputs");
        }
        List<String> all = new java.util.ArrayList<>(names.subList(0, Math.min(names.size(), model.classes)));
        for (int c = all.size(); c < model.classes; c++) {
            all.add(String.valueOf(c));
        }
        return new TestImages(multiLabel ? test : test.withNumClasses(model.classes), task, List.copyOf(all));
    }

    /** Batches of the training images, shuffled per epoch from the seed. */
    public ImageBatches trainBatches(int batchSize, long seed) {
        return new ImageBatches(train, batchSize, normaliser, true, seed);
    }

    /** Batches of {@code set} in file order, for evaluation. */
    public DataSetIterator evaluationBatches(ImageSet set, int batchSize) {
        return new ImageBatches(set, batchSize, normaliser, false, 0);
    }

    private static String describeWeights(double[] w) {
        return Arrays.stream(w).mapToObj(x -> String.format(Locale.ROOT, "%.4f", x)).toList().toString();
    }

    /** The archive's MD5, compared with the published one (a warning if they differ); null for other archives. */
    private static String checkMd5(NpzDataset npz) {
        if (npz.info() == null || MedMnistInfo.sizeOfFileName(npz.file().getFileName().toString()) != 28) {
            return null;
        }
        String md5 = cnnlab.data.MedMnistReader.md5(npz.file());
        if (md5.equals(npz.info().md5())) {
            LOG.info("{}: MD5 {} as published by MedMNIST", npz.file(), md5);
        } else {
            LOG.warn("{}: MD5 {} differs from MedMNIST's published {} (info.py v3.0.2): another version of the file?"
                    + " The contents passed every check; data/fetch-medmnist.sh {} fetches the published one",
                    npz.file(), md5, npz.info().md5(), npz.info().name());
        }
        return md5;
    }

    /** Checks that a MedMNIST archive's images have the configured height and width (the layers were checked against them). */
    private static void checkSize(ModelConfig m, ImageSet images, DatasetSource source) {
        if (images.rows() != m.input.height || images.cols() != m.input.width) {
            throw new DataFileException(source.file(), "images are " + images.rows() + "x" + images.cols()
                    + " but the config's model.input is " + m.input.height + "x" + m.input.width
                    + " (height x width); set model.input.height and width, with layers that fit them");
        }
    }
}
