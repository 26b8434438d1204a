package cnnlab.config;

/** Pooling types a pool layer may use: DL4J's max and average, and cnnlab's sum pooling. */
public enum PoolingName {
    MAX, AVG, SUM
}
