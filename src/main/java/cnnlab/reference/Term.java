package cnnlab.reference;

/**
 * One input position that an output cell reads: where it is, its value, and (for convolution) the
 * kernel weight it is multiplied by. Positions in the padding have value 0 and {@code padded = true}.
 *
 * @param channel input channel
 * @param row input row (negative or past the end when padded)
 * @param col input column (likewise)
 * @param value the input value (0 in the padding)
 * @param weight the kernel weight, or {@code Double.NaN} for pooling
 * @param padded whether the position lies in the padding
 */
public record Term(int channel, int row, int col, double value, double weight, boolean padded) {
}
