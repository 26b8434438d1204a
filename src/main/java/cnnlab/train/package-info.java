/**
 * Training: the epoch loop over a DL4J {@code MultiLayerNetwork}, validation after every epoch,
 * checkpoints that make a stopped run resumable to exactly the same result, the run directory a
 * run leaves behind (held by one process at a time: {@link cnnlab.train.RunLock}), and the evaluation
 * of a trained model.
 *
 * <p>Reproducibility is designed in: the data order of epoch {@code e} comes from {@code seed + e},
 * and ND4J's random generator (dropout) is re-seeded from the seed and the iteration number before
 * every minibatch, so a run resumed from a checkpoint, even one taken in the middle of an epoch,
 * continues exactly as the uninterrupted run would have.
 */
package cnnlab.train;
