package cnnlab.reference;

/**
 * The sliding window shared by convolution and pooling: kernel size, stride, dilation, padding and
 * {@link ConvolutionMode}.
 *
 * <p>Built with {@link #builder()}: {@code setKernel} is required, every {@code opt...} has a default
 * (stride 1, dilation 1, no padding, {@link ConvolutionMode#TRUNCATE}). For an input of
 * {@code H x W}, {@link #resolve(int, int)} gives the output size, per axis
 * {@code floor((W + Pbefore + Pafter - F') / S) + 1} with {@code F' = F + (F - 1)(D - 1)}
 * (see {@link OutputSize} for the other modes).
 */
public final class Window2d {

    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int dilationH;
    private final int dilationW;
    private final Padding padding;
    private final ConvolutionMode mode;

    private Window2d(Builder b) {
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.padding = b.padding;
        this.mode = b.mode;
    }

    /** A new builder; call {@link Builder#setKernel} before {@link Builder#build}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A square {@code k x k} window with stride {@code s}, padding {@code p}, Truncate mode. */
    public static Window2d square(int k, int s, int p) {
        return builder().setKernel(k, k).optStride(s, s).optPadding(Padding.of(p)).build();
    }

    public int kernelH() { return kernelH; }
    public int kernelW() { return kernelW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public int dilationH() { return dilationH; }
    public int dilationW() { return dilationW; }
    /** The padding asked for; {@link ConvolutionMode#SAME} and {@link ConvolutionMode#CAUSAL} replace it. */
    public Padding padding() { return padding; }
    public ConvolutionMode mode() { return mode; }

    /**
     * Applies the window to an input of {@code inH x inW}: the padding actually used and the output size.
     *
     * @throws IllegalArgumentException when the window does not fit or Strict mode's divisibility fails
     */
    public Geometry resolve(int inH, int inW) {
        OutputSize.Axis rows = OutputSize.resolve(inH, kernelH, padding.top(), padding.bottom(), strideH, dilationH, mode);
        OutputSize.Axis cols = OutputSize.resolve(inW, kernelW, padding.left(), padding.right(), strideW, dilationW, mode);
        return new Geometry(this, inH, inW, rows.output(), cols.output(),
                new Padding(rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter()));
    }

    /** A copy with another padding. */
    public Window2d withPadding(Padding newPadding) {
        return toBuilder().optPadding(newPadding).build();
    }

    private Builder toBuilder() {
        return builder().setKernel(kernelH, kernelW).optStride(strideH, strideW)
                .optDilation(dilationH, dilationW).optPadding(padding).optMode(mode);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append("kernel ").append(kernelH).append('x').append(kernelW);
        sb.append(", stride ").append(strideH == strideW ? String.valueOf(strideH) : strideH + "x" + strideW);
        if (dilationH != 1 || dilationW != 1) {
            sb.append(", dilation ").append(dilationH).append('x').append(dilationW);
        }
        sb.append(", padding ").append(padding).append(", mode ").append(mode);
        return sb.toString();
    }

    /**
     * A window placed on a concrete input: padding in use, output size, and where each output cell reads.
     *
     * @param window the window
     * @param inH input rows
     * @param inW input columns
     * @param outH output rows
     * @param outW output columns
     * @param padding the padding in use, per side
     */
    public record Geometry(Window2d window, int inH, int inW, int outH, int outW, Padding padding) {

        /** The input row read by output row {@code outRow} at kernel row {@code kr}; may fall in the padding. */
        public int inputRow(int outRow, int kr) {
            return outRow * window.strideH - padding.top() + kr * window.dilationH;
        }

        /** The input column read by output column {@code outCol} at kernel column {@code kc}; may fall in the padding. */
        public int inputCol(int outCol, int kc) {
            return outCol * window.strideW - padding.left() + kc * window.dilationW;
        }

        /** Whether an input position lies in the image rather than in the padding. */
        public boolean inside(int row, int col) {
            return row >= 0 && row < inH && col >= 0 && col < inW;
        }
    }

    /** Builder with a required {@link #setKernel} and optional settings. */
    public static final class Builder {
        private int kernelH;
        private int kernelW;
        private int strideH = 1;
        private int strideW = 1;
        private int dilationH = 1;
        private int dilationW = 1;
        private Padding padding = Padding.NONE;
        private ConvolutionMode mode = ConvolutionMode.TRUNCATE;

        private Builder() {
        }

        /** Required: kernel rows and columns, each >= 1. */
        public Builder setKernel(int rows, int cols) {
            this.kernelH = rows;
            this.kernelW = cols;
            return this;
        }

        /** Step between windows, rows and columns; default 1. */
        public Builder optStride(int rows, int cols) {
            this.strideH = rows;
            this.strideW = cols;
            return this;
        }

        /** Spacing between kernel taps, rows and columns; default 1 (no dilation). */
        public Builder optDilation(int rows, int cols) {
            this.dilationH = rows;
            this.dilationW = cols;
            return this;
        }

        /** Zero padding per side; default none. Ignored by Same and Causal modes. */
        public Builder optPadding(Padding p) {
            this.padding = p;
            return this;
        }

        /** Output-size rule; default {@link ConvolutionMode#TRUNCATE}. */
        public Builder optMode(ConvolutionMode m) {
            this.mode = m;
            return this;
        }

        /** @throws IllegalArgumentException if the kernel is unset or a size is below 1 */
        public Window2d build() {
            if (kernelH < 1 || kernelW < 1) {
                throw new IllegalArgumentException("kernel size must be set and >= 1, got " + kernelH + "x" + kernelW);
            }
            if (strideH < 1 || strideW < 1) {
                throw new IllegalArgumentException("stride must be >= 1, got " + strideH + "x" + strideW);
            }
            if (dilationH < 1 || dilationW < 1) {
                throw new IllegalArgumentException("dilation must be >= 1, got " + dilationH + "x" + dilationW);
            }
            if (padding == null || mode == null) {
                throw new IllegalArgumentException("padding and mode must not be null");
            }
            return new Window2d(this);
        }
    }
}
