package cnnlab.train;

import cnnlab.data.DatasetCatalog;
import cnnlab.data.DatasetSource;
import cnnlab.data.NpzDataset;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.NetworkFactory;

/**
 * A trained model evaluated on the test images of a dataset (the run's own, or another that fits the
 * model), the work of {@code cnnlab evaluate}: accuracy, loss and per-class precision, recall and F1,
 * and for a MedMNIST dataset the metrics MedMNIST reports.
 *
 * @param model the trained model
 * @param dataset the dataset's name
 * @param test the test images, as the model takes them
 * @param result the evaluation
 * @param medical ACC, AUC (and for a binary task sensitivity and specificity) for a MedMNIST dataset, else {@code null}
 */
public record TestEvaluation(TrainedModel model, String dataset, TrainingData.TestImages test, Evaluator.Result result,
                             MedicalMetrics medical) {

    /**
     * Evaluates {@code model} on the test images of {@code dataset}, or of the run's own dataset when it is {@code null}.
     *
     * @throws cnnlab.data.UnknownDatasetException for a dataset that is not there
     * @throws cnnlab.data.DataFileException for images or labels that do not fit the model
     */
    public static TestEvaluation of(TrainedModel model, String dataset) {
        DatasetSource source = DatasetCatalog.find(dataset != null ? dataset : model.config().data.dataset, TrainingData.projectRoot());
        boolean multiLabel = NetworkFactory.isMultiLabel(model.net());
        TrainingData.TestImages test = TrainingData.testImages(source, model.config().model, multiLabel);
        Evaluator.Result r = Evaluator.evaluate(model.net(), ImageBatches.inOrder(test.images(), 256, model.normaliser()),
                model.config().model.classes, multiLabel);
        return new TestEvaluation(model, source.name(), test, r, source instanceof NpzDataset ? r.medical(test.task()) : null);
    }
}
