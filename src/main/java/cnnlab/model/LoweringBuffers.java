package cnnlab.model;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The work arrays of one {@link FastConvolution2DLayer}: ND4J arrays outside any workspace and their
 * Java-heap twins, allocated on first use and whenever a shape changes (a different minibatch size),
 * otherwise reused, so that a training step allocates nothing large. Moves data between the two with
 * bulk copies and runs {@link Im2Col}'s loops on the heap side.
 */
final class LoweringBuffers {

    private final Map<String, INDArray> arrays = new HashMap<>();
    private float[] floats = new float[0];
    private float[] floats2 = new float[0];
    private double[] doubles = new double[0];
    private double[] doubles2 = new double[0];

    /** The detached c-order array {@code name} of this shape and type, reused if it has them. */
    INDArray get(String name, DataType type, long... shape) {
        INDArray a = arrays.get(name);
        if (a == null || a.dataType() != type || !Arrays.equals(a.shape(), shape)) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(type, shape, 'c');
            }
            arrays.put(name, a);
        }
        return a;
    }

    /**
     * The first {@code s.rows()} rows of {@code columns} (a detached buffer of this class, which may
     * have more rows) = im2col of {@code x} (c-order, default strides; a view such as a share of the
     * minibatch is read from its offset: ND4J's NIO view of a buffer starts where the buffer it views starts).
     */
    void im2col(INDArray x, Im2Col.Shape s, INDArray columns) {
        int n = (int) x.length();
        int m = s.rows() * s.cols();
        if (x.dataType() == DataType.DOUBLE) {
            double[] in = doubles(n, false);
            nioDouble(x).get((int) x.offset(), in, 0, n);
            double[] col = doubles(m, true);
            Im2Col.im2col(in, s, col);
            nioDouble(columns).put(0, col, 0, m);
        } else {
            float[] in = floats(n, false);
            nioFloat(x).get((int) x.offset(), in, 0, n);
            float[] col = floats(m, true);
            Im2Col.im2col(in, s, col);
            nioFloat(columns).put(0, col, 0, m);
        }
    }

    /**
     * {@code x} (any c-order array with default strides, such as a share of a layer's input gradient)
     * = col2im of the first {@code s.rows()} rows of {@code columns} (a detached buffer of this class).
     */
    void col2im(INDArray columns, Im2Col.Shape s, INDArray x) {
        int m = s.rows() * s.cols();
        int n = (int) x.length();
        if (x.dataType() == DataType.DOUBLE) {
            double[] col = doubles(m, true);
            nioDouble(columns).get(0, col, 0, m);
            double[] out = doubles(n, false);
            Im2Col.col2im(col, s, out);
            nioDouble(x).put((int) x.offset(), out, 0, n);
        } else {
            float[] col = floats(m, true);
            nioFloat(columns).get(0, col, 0, m);
            float[] out = floats(n, false);
            Im2Col.col2im(col, s, out);
            nioFloat(x).put((int) x.offset(), out, 0, n);
        }
    }

    /**
     * {@code to[j, i, :] = from[i, j, :]} for {@code from} of shape {@code [outer, inner, chunk]} and
     * {@code to} of shape {@code [inner, outer, chunk]}, both c-order with default strides and the same
     * data type: one bulk memory copy per chunk, where ND4J's assign of a permuted view walks element by
     * element. This is the reorder between the lowering's {@code [nOut, b, oH*oW]} and the layer's
     * {@code [b, nOut, oH, oW]}, both ways.
     */
    static void swapOuterAxes(INDArray from, int outer, int inner, int chunk, INDArray to) {
        if (from.length() != (long) outer * inner * chunk || to.length() != from.length() || from.dataType() != to.dataType()) {
            throw new IllegalArgumentException("swapOuterAxes: " + from.shapeInfoToString() + " -> " + to.shapeInfoToString());
        }
        int src0 = (int) from.offset();
        int dst0 = (int) to.offset();
        if (from.dataType() == DataType.DOUBLE) {
            DoubleBuffer src = nioDouble(from);
            DoubleBuffer dst = nioDouble(to);
            for (int i = 0; i < outer; i++) {
                for (int j = 0; j < inner; j++) {
                    dst.put(dst0 + (j * outer + i) * chunk, src, src0 + (i * inner + j) * chunk, chunk);
                }
            }
        } else if (from.dataType() == DataType.FLOAT) {
            FloatBuffer src = nioFloat(from);
            FloatBuffer dst = nioFloat(to);
            for (int i = 0; i < outer; i++) {
                for (int j = 0; j < inner; j++) {
                    dst.put(dst0 + (j * outer + i) * chunk, src, src0 + (i * inner + j) * chunk, chunk);
                }
            }
        } else {
            to.reshape('c', inner, outer, chunk).assign(from.reshape('c', outer, inner, chunk).permute(1, 0, 2));
        }
    }

    private static FloatBuffer nioFloat(INDArray a) {
        return a.data().asNioFloat();
    }

    private static DoubleBuffer nioDouble(INDArray a) {
        return a.data().asNioDouble();
    }

    /** A heap array of exactly {@code n} floats (the first or second of two, so both can be live). */
    private float[] floats(int n, boolean first) {
        if (first) {
            if (floats.length != n) {
                floats = new float[n];
            }
            return floats;
        }
        if (floats2.length != n) {
            floats2 = new float[n];
        }
        return floats2;
    }

    private double[] doubles(int n, boolean first) {
        if (first) {
            if (doubles.length != n) {
                doubles = new double[n];
            }
            return doubles;
        }
        if (doubles2.length != n) {
            doubles2 = new double[n];
        }
        return doubles2;
    }
}
