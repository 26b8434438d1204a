/**
 * Reference convolution and pooling, in plain Java and written for clarity rather than speed.
 *
 * <p>This package is the "hand calculation" of the lab made executable: a 2-D cross-correlation with
 * input channels, filters, bias, per-side padding, stride and dilation; max, average and sum pooling;
 * and the output-size rules of each {@link cnnlab.reference.ConvolutionMode}. The verification module
 * checks DL4J's real layers and the slides' printed numbers against it, so it deliberately imports
 * nothing from DL4J or ND4J: an independent implementation is what makes the comparison meaningful.
 *
 * <p>Tensors are plain arrays: an image is {@code double[channels][height][width]}, a filter bank is
 * {@code double[filters][channels][kernelHeight][kernelWidth]} (DL4J's {@code [nOut, nIn, kH, kW]}).
 */
package cnnlab.reference;
