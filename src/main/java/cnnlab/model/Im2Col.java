package cnnlab.model;

import java.util.Arrays;

/**
 * The lowering of a 2D convolution to one matrix product, on plain arrays: {@code im2col} copies every
 * receptive field of a minibatch {@code x [b, c, h, w]} into a column matrix
 * {@code [c * kH * kW, b * oH * oW]} (row {@code (ci, ki, kj)}, column {@code (n, oy, ox)}; cells
 * that fall into the padding are 0), so that the convolution of the whole minibatch is
 * {@code W [nOut, c * kH * kW] x columns}; {@code col2im} is its adjoint, summing each column cell back
 * onto the input cell it was copied from (the input gradient).
 *
 * <p>With the minibatch folded into the columns, the forward pass and both gradients are one large
 * matrix product each (instead of one small one per example). The loops copy whole output rows with
 * {@link System#arraycopy} where stride 1 and no padding allow it.
 */
final class Im2Col {

    /** Geometry of one convolution: input {@code [b, c, h, w]}, kernel, stride, top-left padding, dilation, output size. */
    record Shape(int b, int c, int h, int w, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, int oH, int oW) {

        int rows() {
            return c * kH * kW;
        }

        int cols() {
            return b * oH * oW;
        }
    }

    private Im2Col() {
    }

    static void im2col(float[] x, Shape s, float[] col) {
        int pixels = s.oH * s.oW;
        int ncols = s.cols();
        for (int ci = 0; ci < s.c; ci++) {
            for (int ki = 0; ki < s.kH; ki++) {
                for (int kj = 0; kj < s.kW; kj++) {
                    int rowBase = ((ci * s.kH + ki) * s.kW + kj) * ncols;
                    int dx = kj * s.dW - s.pW;
                    int oxLo = Math.max(0, ceilDiv(-dx, s.sW));
                    int oxHi = Math.min(s.oW, ceilDiv(s.w - dx, s.sW));   // exclusive
                    for (int n = 0; n < s.b; n++) {
                        int xBase = (n * s.c + ci) * s.h * s.w;
                        int cBase = rowBase + n * pixels;
                        for (int oy = 0; oy < s.oH; oy++) {
                            int iy = oy * s.sH + ki * s.dH - s.pH;
                            int o = cBase + oy * s.oW;
                            if (iy < 0 || iy >= s.h || oxLo >= oxHi) {
                                Arrays.fill(col, o, o + s.oW, 0f);
                                continue;
                            }
                            if (oxLo > 0) {
                                Arrays.fill(col, o, o + oxLo, 0f);
                            }
                            if (oxHi < s.oW) {
                                Arrays.fill(col, o + oxHi, o + s.oW, 0f);
                            }
                            int xRow = xBase + iy * s.w + dx;
                            if (s.sW == 1) {
                                System.arraycopy(x, xRow + oxLo, col, o + oxLo, oxHi - oxLo);
                            } else {
                                for (int ox = oxLo; ox < oxHi; ox++) {
                                    col[o + ox] = x[xRow + ox * s.sW];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void col2im(float[] col, Shape s, float[] x) {
        Arrays.fill(x, 0f);
        int pixels = s.oH * s.oW;
        int ncols = s.cols();
        for (int ci = 0; ci < s.c; ci++) {
            for (int ki = 0; ki < s.kH; ki++) {
                for (int kj = 0; kj < s.kW; kj++) {
                    int rowBase = ((ci * s.kH + ki) * s.kW + kj) * ncols;
                    int dx = kj * s.dW - s.pW;
                    int oxLo = Math.max(0, ceilDiv(-dx, s.sW));
                    int oxHi = Math.min(s.oW, ceilDiv(s.w - dx, s.sW));
                    for (int n = 0; n < s.b; n++) {
                        int xBase = (n * s.c + ci) * s.h * s.w;
                        int cBase = rowBase + n * pixels;
                        for (int oy = 0; oy < s.oH; oy++) {
                            int iy = oy * s.sH + ki * s.dH - s.pH;
                            if (iy < 0 || iy >= s.h) {
                                continue;
                            }
                            int o = cBase + oy * s.oW;
                            int xRow = xBase + iy * s.w + dx;
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                x[xRow + ox * s.sW] += col[o + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    static void im2col(double[] x, Shape s, double[] col) {
        int pixels = s.oH * s.oW;
        int ncols = s.cols();
        for (int ci = 0; ci < s.c; ci++) {
            for (int ki = 0; ki < s.kH; ki++) {
                for (int kj = 0; kj < s.kW; kj++) {
                    int rowBase = ((ci * s.kH + ki) * s.kW + kj) * ncols;
                    for (int n = 0; n < s.b; n++) {
                        int xBase = (n * s.c + ci) * s.h * s.w;
                        for (int oy = 0; oy < s.oH; oy++) {
                            int iy = oy * s.sH + ki * s.dH - s.pH;
                            for (int ox = 0; ox < s.oW; ox++) {
                                int ix = ox * s.sW + kj * s.dW - s.pW;
                                boolean inside = iy >= 0 && iy < s.h && ix >= 0 && ix < s.w;
                                col[rowBase + n * pixels + oy * s.oW + ox] = inside ? x[xBase + iy * s.w + ix] : 0.0;
                            }
                        }
                    }
                }
            }
        }
    }

    static void col2im(double[] col, Shape s, double[] x) {
        Arrays.fill(x, 0.0);
        int pixels = s.oH * s.oW;
        int ncols = s.cols();
        for (int ci = 0; ci < s.c; ci++) {
            for (int ki = 0; ki < s.kH; ki++) {
                for (int kj = 0; kj < s.kW; kj++) {
                    int rowBase = ((ci * s.kH + ki) * s.kW + kj) * ncols;
                    for (int n = 0; n < s.b; n++) {
                        int xBase = (n * s.c + ci) * s.h * s.w;
                        for (int oy = 0; oy < s.oH; oy++) {
                            int iy = oy * s.sH + ki * s.dH - s.pH;
                            for (int ox = 0; ox < s.oW; ox++) {
                                int ix = ox * s.sW + kj * s.dW - s.pW;
                                if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) {
                                    x[xBase + iy * s.w + ix] += col[rowBase + n * pixels + oy * s.oW + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code ceil(a / b)} for {@code b > 0} and any sign of {@code a}. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
