/**
 * The metrics MedMNIST reports, computed from plain arrays: ACC and AUC for binary, multi-class and
 * multi-label tasks, sensitivity and specificity at the 0.5 threshold, and the ROC curve.
 *
 * <p>They follow MedMNIST's own evaluator ({@code medmnist/evaluator.py}, {@code getAUC} and
 * {@code getACC}), so that numbers can be put beside the paper's: AUC is the area under the ROC curve,
 * one-vs-rest and averaged over the classes for a multi-class task, averaged over the labels for a
 * multi-label task, and of the score of class 1 for a binary task; ACC is the share of argmax
 * predictions that are right (multi-class), of images whose class-1 score is above 0.5 exactly
 * when they are of class 1 (binary), or the mean over the labels of the per-label accuracy at 0.5
 * (multi-label). {@link cnnlab.metrics.Roc} computes the AUC by ranks (the Mann-Whitney statistic,
 * tied scores sharing their mean rank), which equals the trapezoid area under the ROC curve.
 *
 * <p>Like {@code cnnlab.plot}, this package imports nothing from DL4J or ND4J (a test checks it): the
 * training code converts the network's outputs once, and the metrics can be tested with numbers
 * computed by hand.
 */
package cnnlab.metrics;
