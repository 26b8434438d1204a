package cnnlab.reference;

/**
 * The output-size rule of a sliding window along one axis, for each {@link ConvolutionMode}.
 *
 * <p>The lab's rule is {@code floor((W - F + 2P) / S) + 1}. Dilation {@code D} spreads a kernel of
 * size {@code F} over {@code F' = F + (F - 1)(D - 1)} inputs, and padding may differ before and after,
 * so in general {@code out = floor((W + Pbefore + Pafter - F') / S) + 1}. {@link ConvolutionMode#SAME}
 * and {@link ConvolutionMode#CAUSAL} choose the padding themselves; see {@link #resolve}.
 */
public final class OutputSize {

    private OutputSize() {
    }

    /** One axis after the mode has decided the padding: the padding actually used and the output size. */
    public record Axis(int padBefore, int padAfter, int output) {
    }

    /** The number of inputs a kernel of size {@code kernel} covers at dilation {@code dilation}. */
    public static int effectiveKernel(int kernel, int dilation) {
        return kernel + (kernel - 1) * (dilation - 1);
    }

    /** The lab's formula, {@code floor((W - F + 2P) / S) + 1}, for dilation 1 and equal padding. */
    public static int of(int input, int kernel, int padding, int stride) {
        return resolve(input, kernel, padding, padding, stride, 1, ConvolutionMode.TRUNCATE).output();
    }

    /**
     * Decides the padding and output size along one axis.
     *
     * @throws IllegalArgumentException when the window does not fit (kernel larger than the padded
     *     input) or, in {@link ConvolutionMode#STRICT}, when the stride does not divide the span
     */
    public static Axis resolve(int input, int kernel, int padBefore, int padAfter, int stride, int dilation,
                               ConvolutionMode mode) {
        require(input >= 1, "input size must be >= 1, got " + input);
        require(kernel >= 1, "kernel size must be >= 1, got " + kernel);
        require(stride >= 1, "stride must be >= 1, got " + stride);
        require(dilation >= 1, "dilation must be >= 1, got " + dilation);
        require(padBefore >= 0 && padAfter >= 0, "padding must be >= 0");
        int effective = effectiveKernel(kernel, dilation);
        switch (mode) {
            case SAME: {
                int out = ceilDiv(input, stride);
                int total = Math.max(0, (out - 1) * stride + effective - input);
                return new Axis(total / 2, total - total / 2, out);
            }
            case CAUSAL: {
                int out = ceilDiv(input, stride);
                return new Axis(effective - 1, 0, out);
            }
            case STRICT:
            case TRUNCATE: {
                int span = input + padBefore + padAfter - effective;
                if (span < 0) {
                    throw new IllegalArgumentException("kernel " + kernel + (dilation > 1 ? " (dilated to " + effective + ")" : "")
                            + " is larger than the padded input " + (input + padBefore + padAfter));
                }
                if (mode == ConvolutionMode.STRICT && span % stride != 0) {
                    throw new IllegalArgumentException("Strict mode: (input " + input + " + padding " + (padBefore + padAfter)
                            + " - kernel " + effective + ") = " + span + " is not divisible by stride " + stride);
                }
                return new Axis(padBefore, padAfter, span / stride + 1);
            }
            default:
                throw new AssertionError(mode);
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
