/**
 * The lab's image data: reading MNIST-format IDX files, naming datasets, splitting off a validation
 * set and normalising pixels (the minibatches DL4J trains on are made in {@code cnnlab.train}).
 *
 * <p>Everything the training code needs from a dataset goes through here, so that a bad file is
 * reported once, as one line that names the file and says what was expected and what was found
 * ({@link cnnlab.data.DataFileException}), instead of as a stack trace from deep inside a training
 * run. The same code reads the bundled sample ({@code data/mnist-sample}), the full MNIST written by
 * {@code data/fetch-mnist.sh} and Debian's Fashion-MNIST, because all three use the official IDX file
 * names and format; and MedMNIST's {@code .npz} archives (grey or colour, single- or multi-label),
 * checked against MedMNIST's published facts ({@link cnnlab.data.MedMnistInfo}).
 *
 * <p>The pieces, in the order a run uses them:
 * <ol>
 *   <li>{@link cnnlab.data.DatasetCatalog#find} turns a name ({@code mnist-sample}, {@code mnist},
 *       {@code fashion-mnist}, {@code pneumoniamnist}, ...), a directory or an {@code .npz} file into
 *       a {@link cnnlab.data.DatasetSource}: {@link cnnlab.data.DatasetFiles} or
 *       {@link cnnlab.data.NpzDataset};</li>
 *   <li>{@link cnnlab.data.IdxReader} reads and checks each IDX file, gzipped or not;
 *       {@link cnnlab.data.MedMnistReader} (with {@link cnnlab.data.NpyArray}) an {@code .npz}
 *       archive; {@link cnnlab.data.ImageSet} holds images and labels as unsigned bytes (channel
 *       planes for colour) and class numbers (or 0/1 label rows);</li>
 *   <li>{@link cnnlab.data.Splits} takes a seeded validation set out of the training set, unless the
 *       dataset has one of its own (MedMNIST);</li>
 *   <li>{@link cnnlab.data.Normaliser} maps bytes to floats ({@link cnnlab.data.Normalisation}),
 *       with statistics fitted on training pixels only.</li>
 * </ol>
 *
 * <p>Pixels stay bytes until {@code cnnlab.train.ImageBatches} (the {@code DataSetIterator} DL4J trains
 * on) makes minibatches of them, so a dataset costs one byte per pixel in memory
 * (47 MB for the 60,000 MNIST training images); each minibatch is normalised as it is made. This package
 * is plain Java: no DL4J or ND4J, and nothing in cnnlab except {@code cnnlab.io} (cnnlab.ArchitectureTest checks it).
 */
package cnnlab.data;
