/**
 * The DL4J side of the lab: networks configured with DL4J's layer builders, and the one layer DL4J
 * 1.0.0-M2.1 lacks.
 *
 * <p>DL4J's {@code SubsamplingLayer} accepts {@code PoolingType.SUM} in its configuration but throws
 * {@code UnsupportedOperationException: Not supported: SUM} when run. {@link cnnlab.model.SumPooling2D}
 * fills that gap with DL4J's own pooling kernels, so that LeNet can be trained with sum pooling and
 * the slides' sum-pooling example can be checked against DL4J. {@link cnnlab.model.Dl4jModes} maps the
 * reference's convolution modes to DL4J's, for the networks built here and for the verification
 * (which depends on this package, never the reverse).
 *
 * <p>{@link cnnlab.model.ModelMemory} checks DL4J's estimate of a network's memory against ND4J's
 * off-heap limit before anything is allocated, so that a model too big for the machine is one line.
 *
 * <p>{@link cnnlab.model.FastConvolution2DLayer} computes conv layers faster than DL4J's own on the CPU;
 * {@link cnnlab.model.ConvolutionRuntime} decides per backend whether it runs, and
 * {@link cnnlab.model.ModelFiles} writes model files with DL4J's standard configuration, so that they
 * load in DL4J programs without cnnlab.
 */
package cnnlab.model;
