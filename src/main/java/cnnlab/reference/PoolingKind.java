package cnnlab.reference;

/** The pooling operations the lab teaches. */
public enum PoolingKind {
    /** Largest value in the window; padding never wins. */
    MAX,
    /** Mean of the window; the divisor counts padded positions or not, as asked. */
    AVG,
    /** Sum of the window; padding adds 0. */
    SUM
}
