package cnnlab.verify;

import cnnlab.reference.PoolingKind;

/** The operation an example applies: a convolution or one of the pooling kinds. */
public enum Op {
    CONV("conv", null),
    MAX("max", PoolingKind.MAX),
    AVG("avg", PoolingKind.AVG),
    SUM("sum", PoolingKind.SUM);

    private final String label;
    private final PoolingKind pooling;

    Op(String label, PoolingKind pooling) {
        this.label = label;
        this.pooling = pooling;
    }

    /** The name used in example files, JSON and the CLI: conv, max, avg or sum. */
    public String label() {
        return label;
    }

    /** The pooling kind, or {@code null} for a convolution. */
    public PoolingKind pooling() {
        return pooling;
    }

    /** The op named {@code label}, or {@code null} if there is none. */
    public static Op fromLabel(String label) {
        for (Op op : values()) {
            if (op.label.equals(label)) {
                return op;
            }
        }
        return null;
    }
}
