package cnnlab.reference;

import java.math.BigDecimal;

/** Number formatting for grids and calculations: integers without a decimal point, others to 4 places. */
public final class Numbers {

    private Numbers() {
    }

    /** {@code 60} for 60.0, {@code 3.1111} for 28/9, {@code -12} for -12.0. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double rounded = Math.rint(v);
        if (Math.abs(v - rounded) < 1e-9) {
            return Long.toString((long) rounded);
        }
        return new BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
