package cnnlab.reference;

/**
 * Zero padding added around an image, given separately for each side.
 *
 * <p>DL4J's layers take one padding per axis (the same on both sides); per-side padding is what
 * {@link ConvolutionMode#SAME} produces when the padding needed is odd, and what DL4J's
 * {@code ZeroPaddingLayer} adds.
 *
 * @param top rows added above
 * @param bottom rows added below
 * @param left columns added on the left
 * @param right columns added on the right
 */
public record Padding(int top, int bottom, int left, int right) {

    /** No padding. */
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public Padding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be >= 0 on every side, got " + describe(top, bottom, left, right));
        }
    }

    /** The same padding {@code p} on all four sides. */
    public static Padding of(int p) {
        return new Padding(p, p, p, p);
    }

    /** {@code rows} above and below, {@code cols} left and right: DL4J's {@code padding(rows, cols)}. */
    public static Padding symmetric(int rows, int cols) {
        return new Padding(rows, rows, cols, cols);
    }

    /** Whether top equals bottom and left equals right, so that DL4J's two-number padding can express it. */
    public boolean isSymmetric() {
        return top == bottom && left == right;
    }

    @Override
    public String toString() {
        return isSymmetric() && top == left ? Integer.toString(top) : describe(top, bottom, left, right);
    }

    private static String describe(int top, int bottom, int left, int right) {
        return "top " + top + ", bottom " + bottom + ", left " + left + ", right " + right;
    }
}
