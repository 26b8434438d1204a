package cnnlab.data;

import java.util.SplittableRandom;

/**
 * Light augmentation of training images, in plain Java on the image bytes: a left-right mirror and an
 * upside-down mirror (each with probability 1/2), a turn by 0, 90, 180 or 270 degrees (each 1/4;
 * square images only), and a shift by up to {@code maxShift} pixels in each direction (uniform),
 * applied in that order; pixels shifted in from outside are black (byte 0, then normalised as any
 * pixel).
 *
 * <p>Image {@code slot} of epoch {@code epoch} (its place in that epoch's order) gets the
 * transformation drawn by a {@link SplittableRandom} seeded with {@code seed}, {@code epoch} and
 * {@code slot} alone: the same run gives the same images twice, and a run resumed in the middle of an
 * epoch gets the images it would have had.
 *
 * @param flips mirror left-right and upside down
 * @param rotations turn by multiples of 90 degrees
 * @param maxShift the largest shift in pixels, 0 for none
 * @param seed the run's seed
 */
public record Augmentation(boolean flips, boolean rotations, int maxShift, long seed) {

    /** Checks the settings. */
    public Augmentation {
        if (maxShift < 0) {
            throw new IllegalArgumentException("maxShift must be 0 or more, got " + maxShift);
        }
    }

    /** Whether anything is done at all. */
    public boolean active() {
        return flips || rotations || maxShift > 0;
    }

    /** A short description for the log, e.g. {@code flips, 90-degree turns, shifts up to 2 px}. */
    public String describe() {
        if (!active()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (flips) {
            s.append("flips");
        }
        if (rotations) {
            s.append(s.isEmpty() ? "" : ", ").append("90-degree turns");
        }
        if (maxShift > 0) {
            s.append(s.isEmpty() ? "" : ", ").append("shifts up to ").append(maxShift).append(" px");
        }
        return s.toString();
    }

    /**
     * The transformation of one image, as a map from each output pixel to the input pixel it shows:
     * {@code source[r * cols + c]} is the input pixel index {@code r' * cols + c'}, or -1 for black.
     */
    public int[] sourceMap(int rows, int cols, int epoch, int slot) {
        if (rotations && rows != cols) {
            throw new IllegalArgumentException("90-degree turns need square images, got " + rows + "x" + cols);
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + slot);
        boolean mirror = flips && r.nextBoolean();
        boolean upsideDown = flips && r.nextBoolean();
        int turns = rotations ? r.nextInt(4) : 0;
        int dy = maxShift > 0 ? r.nextInt(2 * maxShift + 1) - maxShift : 0;
        int dx = maxShift > 0 ? r.nextInt(2 * maxShift + 1) - maxShift : 0;
        int[] source = new int[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                // undo the shift, then the turns, then the mirrors
                int i = y - dy;
                int j = x - dx;
                if (i < 0 || i >= rows || j < 0 || j >= cols) {
                    source[y * cols + x] = -1;
                    continue;
                }
                for (int t = 0; t < turns; t++) {
                    // one turn counter-clockwise (NumPy's rot90): out[i][j] = in[j][n - 1 - i]
                    int ni = j;
                    int nj = cols - 1 - i;
                    i = ni;
                    j = nj;
                }
                if (upsideDown) {
                    i = rows - 1 - i;
                }
                if (mirror) {
                    j = cols - 1 - j;
                }
                source[y * cols + x] = i * cols + j;
            }
        }
        return source;
    }
}
