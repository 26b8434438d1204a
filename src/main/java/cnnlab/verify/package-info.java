/**
 * The verification module: the lab's worked examples checked three ways.
 *
 * <p>Every example from the slides (and a few built from them for what the slides only describe) is
 * computed by the plain-Java {@link cnnlab.reference reference} and by DL4J's real layers
 * ({@link cnnlab.verify.Dl4jLayers}), and both are compared with the grid the slide prints. A cell
 * where the reference and DL4J agree but the slide differs is a <em>slide erratum</em>; a cell where
 * DL4J differs from the reference is a <em>DL4J deviation</em>. Known findings are pinned in
 * {@code known-findings.yaml}; anything else makes {@code cnnlab verify} fail.
 *
 * <p>Both YAML files are bound to records by Jackson ({@link cnnlab.verify.ExampleBook},
 * {@link cnnlab.verify.KnownFindings}); disagreements are matched against the pins once, in
 * {@link cnnlab.verify.VerificationReport}, and the text and JSON reports print that match. A student's
 * own matrices are read by {@link cnnlab.verify.GridText} with a limit on their size. This package
 * depends on {@code cnnlab.model} (the layers it checks and the DL4J mode mapping), never the other way
 * round.
 */
package cnnlab.verify;
