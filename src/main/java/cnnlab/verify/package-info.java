/**
 * The verification module: the lab's worked examples checked three ways.
 *
 * <p>Every example from the slides (and a few built from them for what the slides only describe) is
 * computed by the plain-Java {@link cnnlab.reference reference} and by DL4J's real layers
 * ({@link cnnlab.verify.Dl4jLayers}), and both are compared with the grid the slide prints. A cell
 * where the reference and DL4J agree but the slide differs is a <em>slide erratum</em>; a cell where
 * DL4J differs from the reference is a <em>DL4J deviation</em>. Known findings are pinned in
 * {@code known-findings.yaml}; anything else makes {@code cnnlab verify} fail.
 */
package cnnlab.verify;
