package cnnlab.verify;

import cnnlab.reference.Window2d;

/**
 * One worked example: the input, the kernel (for a convolution), the window, and the grid the slide
 * prints, if any.
 *
 * @param id short name used on the command line, in JSON and in known-findings.yaml
 * @param slide the slide's heading, or a description for derived and student examples
 * @param op the operation
 * @param window kernel size, stride and padding
 * @param includePadInDivisor for average pooling: whether padding counts in the divisor
 * @param input {@code [C][H][W]}
 * @param kernel {@code [C][kH][kW]} for a convolution (one filter, no bias), {@code null} for pooling
 * @param printed the slide's output grid, or {@code null} where the slide prints none
 * @param paramsInferred whether stride and padding were inferred from grid sizes rather than printed
 * @param expectedShape the output size the formula must give ({@code [rows, cols]}), or {@code null}
 */
public record Example(String id, String slide, Op op, Window2d window, boolean includePadInDivisor,
                      double[][][] input, double[][][] kernel, double[][] printed, boolean paramsInferred,
                      int[] expectedShape) {
}
