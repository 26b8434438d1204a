package cnnlab.records;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dataset.json} of a run on MedMNIST data: what it was trained on, and with which output layer.
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION} when written; 0 for files written before it existed
 * @param dataset the data set's name or file, as the config gives it
 * @param file the data file read (absolute)
 * @param medmnist the MedMNIST data set's title, for a known MedMNIST file; else {@code null}
 * @param md5 the file's MD5, for a known MedMNIST file
 * @param publishedMd5 the MD5 MedMNIST publishes for it
 * @param licence the data set's licence
 * @param task MedMNIST's name of the task, e.g. {@code binary-class}
 * @param channels image channels
 * @param height image height
 * @param width image width
 * @param classes classes (labels, for a multi-label task)
 * @param classNames their names
 * @param trainImages training images
 * @param validationImages validation images
 * @param testImages test images
 * @param trainClassCounts training images per class
 * @param output the output layer and loss, e.g. {@code softmax, cross-entropy}
 * @param classWeights the weights of the loss, or {@code null} for none
 * @param normalisation the pixel normalisation fitted on the training images, in words
 */
public record DatasetFacts(int schemaVersion, String dataset, String file, @JsonInclude(JsonInclude.Include.NON_NULL) String medmnist,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String md5,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String publishedMd5,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String licence, String task, int channels, int height,
                           int width, int classes, List<String> classNames, int trainImages, int validationImages, int testImages,
                           int[] trainClassCounts, String output, double[] classWeights, String normalisation) {

    /** Lists and arrays are copies. */
    public DatasetFacts {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        trainClassCounts = trainClassCounts == null ? null : trainClassCounts.clone();
        classWeights = classWeights == null ? null : classWeights.clone();
    }
}
