/**
 * PNG plots for the lab report: training curves, a confusion matrix, the first layer's kernels,
 * the feature maps of one digit, and the ROC curve of a binary medical classifier.
 *
 * <p>Everything here takes plain Java data ({@code List<EpochPoint>}, {@code int[][]},
 * {@code double[][][][]} in DL4J's {@code [nOut, nIn, kH, kW]} order) and deliberately imports
 * nothing from DL4J or ND4J: the training code converts its arrays once, and the plots can be
 * tested, and regenerated from saved numbers, without a network or native libraries.
 *
 * <p>The line charts are drawn by XChart and the image grids by plain Java2D; every file is
 * rendered completely in memory first and then written through {@link cnnlab.io.AtomicFiles}, so
 * invalid input or a failed write never leaves a half-written or empty PNG. Rendering needs no
 * display: {@link cnnlab.plot.Plots} sets {@code java.awt.headless=true} unless the property was
 * already set, so the plots work on a server, in CI and over SSH.
 *
 * <p>Conventions shared by all plots: non-finite numbers (NaN, infinities) are never an error in
 * the data itself; a line chart skips them, an image tile draws them in a distinct red, and a
 * tile whose finite values are all equal is drawn uniformly mid-grey (there is no contrast to
 * show) instead of dividing by zero.
 */
package cnnlab.plot;
