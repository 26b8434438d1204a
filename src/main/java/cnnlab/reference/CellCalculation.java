package cnnlab.reference;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How one output cell was computed, term by term, so that it can be written out the way the slides
 * do it: every product and then the sum for a convolution; the window and its max, sum or mean for
 * pooling.
 *
 * @param operation "conv", "max", "sum" or "avg"
 * @param terms the input positions read, in row-major order per channel
 * @param bias the bias added (0 for pooling)
 * @param divisor the divisor of an average (1 otherwise)
 * @param result the output value
 */
public record CellCalculation(String operation, List<Term> terms, double bias, double divisor, double result) {

    /** The calculation written out, for example {@code 10*0 + 6*2 + ... = 60}. */
    public String formula() {
        switch (operation) {
            case "conv": {
                String products = terms.stream()
                        .map(t -> Numbers.format(t.value()) + "×" + Numbers.format(t.weight()))
                        .collect(Collectors.joining(" + "));
                String withBias = bias == 0 ? products : products + " + bias " + Numbers.format(bias);
                return withBias + " = " + Numbers.format(result);
            }
            case "max":
                return "max(" + values(", ") + ") = " + Numbers.format(result);
            case "sum":
                return values(" + ") + " = " + Numbers.format(result);
            case "avg":
                return "(" + values(" + ") + ") / " + Numbers.format(divisor) + " = " + Numbers.format(result);
            default:
                throw new IllegalStateException(operation);
        }
    }

    private String values(String separator) {
        return terms.stream().map(t -> t.padded() ? "pad 0" : Numbers.format(t.value()))
                .collect(Collectors.joining(separator));
    }
}
