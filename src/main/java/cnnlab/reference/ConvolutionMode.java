package cnnlab.reference;

/**
 * How a window's output size and padding are decided, named and defined as in DL4J's own
 * {@code ConvolutionMode} so that the two can be compared one to one.
 *
 * <p>With input size {@code W}, kernel {@code F}, dilation {@code D}, effective kernel
 * {@code F' = F + (F - 1)(D - 1)}, padding {@code P} on each side and stride {@code S}:
 * <ul>
 *   <li>{@link #TRUNCATE}: {@code out = floor((W - F' + 2P) / S) + 1}; positions that do not fit are dropped.</li>
 *   <li>{@link #STRICT}: the same formula, but {@code (W - F' + 2P)} must be divisible by {@code S}.</li>
 *   <li>{@link #SAME}: {@code out = ceil(W / S)}; the given padding is ignored and the padding needed is
 *       added, half before (rounded down) and the rest after.</li>
 *   <li>{@link #CAUSAL}: {@code out = ceil(W / S)}; {@code F' - 1} padding before, none after, so an output
 *       never sees a later input. DL4J accepts it for 1-D layers only.</li>
 * </ul>
 */
public enum ConvolutionMode {
    /** Output size by the floor formula; the stride must divide the span exactly. */
    STRICT,
    /** Output size by the floor formula; windows that would overhang are dropped. */
    TRUNCATE,
    /** Output size {@code ceil(W / S)}, padding computed and split before/after. */
    SAME,
    /** Output size {@code ceil(W / S)}, all padding before (1-D sequences). */
    CAUSAL
}
