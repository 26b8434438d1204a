package cnnlab.model;

import org.deeplearning4j.nn.api.Layer;
import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One training step, or one inference pass, of a whole network with its minibatch cut into shares of
 * whole examples, one share per {@link LayerThreads} thread. Every share runs the forward and backward
 * pass of the <em>whole</em> network (pooling, dense and output layers included, not only the fast
 * convolutions) through its own <em>replica</em>: a {@link MultiLayerNetwork} built from the same
 * configuration whose parameters are a view of the original's parameter array, so the replicas never
 * hold a copy that could go stale. Share 0 runs on the original network itself.
 *
 * <p>The step is the one {@code MultiLayerNetwork.fit(DataSet)} takes, in DL4J's order: the shares'
 * gradients are sums over their examples (DL4J divides by the minibatch size only in the updater), so
 * adding them, in share order, gives the gradient of the whole minibatch; then the network's own updater
 * (L2, Adam and its state, learning-rate schedules) runs once with the whole minibatch's size, the
 * parameters take the step, the iteration count moves on and constraints apply, as DL4J's
 * {@code StochasticGradientDescent} does. The score is the mean of the shares' scores weighted by their
 * sizes, which is the whole minibatch's mean loss plus the (same) regularisation term. So one step with
 * several threads equals one step with one thread up to the rounding of float sums, and a run is
 * reproducible for a given thread count.
 *
 * <p>Why: with one ND4J thread per share and no locks, each share's operations stay large and
 * single-threaded; a second thread then speeds up the whole step, where splitting inside the
 * convolution layers alone left pooling, the dense layers, the loss and their backward passes on one
 * thread (bench/NOTES.md, section 9, attempt J).
 *
 * <p>Dropout: the masks are drawn for the whole minibatch on the calling thread, in layer order and
 * with the seed the caller gives, as DL4J's {@code Dropout} draws them on one thread; each share applies
 * its rows ({@link DrawnDropout}). So a run with dropout takes the same steps at any thread count, too.
 * (DL4J draws a mask in the order of the layer's input; shares draw in c order, which is the input's
 * order wherever dropout follows a convolution or pooling layer, as in every shipped config.) Networks
 * with a layer whose "gradient" is not a sum over examples (batch normalisation's running statistics,
 * for one), another kind of dropout, or masks take DL4J's own {@code fit}, as does a step with nothing
 * to split (one thread, or one example), so that one thread is DL4J's own training exactly.
 */
public final class MinibatchSplit {

    private final MultiLayerNetwork net;
    /** Replica {@code s} runs share {@code s}; replica 0 is {@link #net} itself. */
    private final MultiLayerNetwork[] replicas;
    /** The network's layers with dropout, by index, and their own configured dropout. */
    private final Map<Integer, IDropout> dropout = new TreeMap<>();

    private MinibatchSplit(MultiLayerNetwork net, boolean splittable) {
        this.net = net;
        this.replicas = new MultiLayerNetwork[splittable ? LayerThreads.count() : 1];
        replicas[0] = net;
        for (int i = 0; splittable && i < net.getnLayers(); i++) {
            IDropout d = net.getLayerWiseConfigurations().getConf(i).getLayer().getIDropout();
            if (d != null) {
                dropout.put(i, d);
            }
        }
    }

    /**
     * A split of {@code net}'s minibatches over the {@link LayerThreads} set now (replicas are made the
     * first time a share needs one). With one thread, or a network that cannot be split, every call goes
     * to DL4J's own methods.
     */
    public static MinibatchSplit of(MultiLayerNetwork net) {
        return new MinibatchSplit(net, splittable(net));
    }

    /**
     * Fits the network on {@code ds}, one step, as {@code net.fit(ds)} would (see the class comment);
     * {@code seed} seeds ND4J's random generator of the calling thread first, which draws the dropout masks.
     */
    public void fit(DataSet ds, long seed) {
        INDArray x = ds.getFeatures();
        INDArray y = ds.getLabels();
        int b = (int) x.size(0);
        int n = shares(b);
        Nd4j.getRandom().setSeed(seed);
        if (n == 1 || ds.getFeaturesMaskArray() != null || ds.getLabelsMaskArray() != null) {
            net.fit(ds);
            return;
        }
        int[] from = bounds(b, n);
        double[] scores = new double[n];
        MultiLayerNetwork[] nets = replicas(n);
        Map<Integer, INDArray> masks = drawMasks(b);
        for (int s = 0; s < n; s++) {
            for (Map.Entry<Integer, INDArray> m : masks.entrySet()) {
                INDArray rows = rows(m.getValue(), from[s], from[s + 1]);
                nets[s].getLayerWiseConfigurations().getConf(m.getKey()).getLayer().setIDropout(new DrawnDropout(rows));
            }
        }
        try {
            LayerThreads.run(n, s -> {
                MultiLayerNetwork r = nets[s];
                r.setInput(rows(x, from[s], from[s + 1]));
                r.setLabels(rows(y, from[s], from[s + 1]));
                r.computeGradientAndScore();
                scores[s] = r.score();
            });
        } finally {
            for (Map.Entry<Integer, IDropout> d : dropout.entrySet()) {
                net.getLayerWiseConfigurations().getConf(d.getKey()).getLayer().setIDropout(d.getValue());
            }
        }

        INDArray gradientSum = net.getFlattenedGradients();
        double score = 0;
        for (int s = 0; s < n; s++) {
            if (s > 0) {
                gradientSum.addi(replicas[s].getFlattenedGradients());
            }
            score += scores[s] * (from[s + 1] - from[s]) / b;
        }
        step(x, y, b, score);
    }

    /**
     * The dropout masks of a minibatch of {@code examples}, by layer index, drawn on the calling thread in
     * layer order as DL4J's {@code Dropout} draws them on one thread: ones in the layer's input shape
     * ({@code [examples, nIn]}, c order), through libnd4j's {@code DropOutInverted} with the probability
     * of keeping (its schedule's value now, if it has one).
     */
    private Map<Integer, INDArray> drawMasks(int examples) {
        Map<Integer, INDArray> masks = new TreeMap<>();
        DataType type = net.getLayerWiseConfigurations().getDataType();
        for (Map.Entry<Integer, IDropout> d : dropout.entrySet()) {
            Dropout drop = (Dropout) d.getValue();
            double keep = drop.getPSchedule() != null
                    ? drop.getPSchedule().valueAt(net.getIterationCount(), net.getEpochCount()) : drop.getP();
            long nIn = ((FeedForwardLayer) net.getLayerWiseConfigurations().getConf(d.getKey()).getLayer()).getNIn();
            INDArray mask = Nd4j.createUninitialized(type, examples, nIn).assign(1.0);
            Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, keep));
            masks.put(d.getKey(), mask);
        }
        return masks;
    }

    /**
     * The network's output for {@code features}, in inference mode, each share through its own replica;
     * equal to {@code net.output(features, false)} (the rows do not interact in inference).
     */
    public INDArray output(INDArray features) {
        int b = (int) features.size(0);
        int n = shares(b);
        if (n == 1) {
            return net.output(features, false);
        }
        int[] from = bounds(b, n);
        INDArray[] parts = new INDArray[n];
        MultiLayerNetwork[] nets = replicas(n);
        LayerThreads.run(n, s -> parts[s] = nets[s].output(rows(features, from[s], from[s + 1]), false));
        return Nd4j.concat(0, parts);
    }

    /** What {@code StochasticGradientDescent.optimize} does after the gradient: updater, step, count, listeners, constraints. */
    private void step(INDArray x, INDArray y, int batch, double score) {
        net.setInput(x);   // the minibatch size DL4J reads from the network is the whole minibatch's
        net.setLabels(y);
        net.setScore(score);
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        Gradient gradient = net.gradient();
        net.getUpdater().update(net, gradient, iteration, epoch, batch, LayerWorkspaceMgr.noWorkspaces());
        INDArray full = gradient.gradient();
        net.params().subi(full.reshape(full.length()));
        for (TrainingListener listener : net.getListeners()) {
            listener.iterationDone(net, iteration, epoch);
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        conf.setIterationCount(iteration + 1);
        net.applyConstraints(iteration + 1, epoch);
    }

    private int shares(int examples) {
        return replicas.length == 1 ? 1 : Math.min(replicas.length, LayerThreads.shares(examples));
    }

    /**
     * The networks of the first {@code n} shares, replicas made on first use, their iteration and epoch
     * counts and their first layer's input-gradient setting made the network's. Called on the calling
     * thread, before the shares start: several of {@link MultiLayerNetwork}'s getters lock the network,
     * which share 0 is using.
     */
    private MultiLayerNetwork[] replicas(int n) {
        Layer first = net.getLayers()[0];
        for (int s = 1; s < n; s++) {
            MultiLayerNetwork r = replicas[s];
            if (r == null || r.params() != net.params()) {
                r = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
                r.init(net.params(), false);   // the parameters are the network's own array, not a copy
                replicas[s] = r;
            }
            MultiLayerConfiguration own = r.getLayerWiseConfigurations();
            own.setIterationCount(net.getIterationCount());
            own.setEpochCount(net.getEpochCount());
            if (first instanceof FastConvolution2DLayer f && r.getLayers()[0] instanceof FastConvolution2DLayer mine) {
                mine.setInputGradientNeeded(f.inputGradientNeeded());   // what FitScope told the network's first layer
            }
        }
        return replicas;
    }

    /**
     * Where a minibatch of {@code examples} is cut into {@code shares} consecutive pieces: piece {@code s}
     * is examples {@code [from[s], from[s + 1])}, sizes differing by at most one. Every cut of a
     * minibatch in cnnlab uses it (these shares, the fast layer's, the averaging workers' pieces).
     */
    public static int[] bounds(int examples, int shares) {
        int[] from = new int[shares + 1];
        for (int s = 0; s <= shares; s++) {
            from[s] = (int) ((long) examples * s / shares);
        }
        return from;
    }

    /** A copy of rows {@code [from, to)} of {@code a} (a copy, so that every layer gets a plain array). */
    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to)).dup(a.ordering());
    }

    /**
     * Whether every layer's gradient is a plain sum over examples and its forward pass treats examples
     * independently (convolution, pooling, dense and output layers: the layers cnnlab builds), and any
     * dropout is DL4J's plain {@code Dropout} on a dense or output layer (an input {@code [examples, nIn]}).
     */
    static boolean splittable(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            var layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            boolean feedForward = layer instanceof DenseLayer || layer instanceof BaseOutputLayer;
            if (!(feedForward || layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer)) {
                return false;
            }
            IDropout d = layer.getIDropout();
            if (d != null && !(d.getClass() == Dropout.class && feedForward)) {
                return false;
            }
        }
        return true;
    }
}
