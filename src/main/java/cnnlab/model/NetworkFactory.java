package cnnlab.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import cnnlab.config.ConvolutionModeName;
import cnnlab.config.ExperimentConfig;
import cnnlab.config.ConvLayerConfig;
import cnnlab.config.DenseLayerConfig;
import cnnlab.config.LayerConfig;
import cnnlab.config.PoolLayerConfig;
import cnnlab.config.ModelConfig;
import cnnlab.config.OptimizerConfig;
import cnnlab.config.TrainingConfig;

/**
 * Builds the DL4J network a config describes, with DL4J's own layer builders: a
 * {@link ConvolutionLayer} per conv layer, a {@link SubsamplingLayer} (or cnnlab's
 * {@link SumPooling2D}) per pool layer, a {@link DenseLayer} per dense layer, and an
 * {@link OutputLayer}: softmax with cross-entropy loss, or, for a multi-label dataset, a sigmoid per
 * label with binary cross-entropy ({@link OutputHead}), optionally with class weights in the loss.
 *
 * <p>Two DL4J conventions differ from PyTorch's and are handled here: DL4J's {@code dropOut(p)} takes
 * the probability of <em>keeping</em> an input (the config gives the probability of dropping it), and
 * DL4J's SGD with momentum is Nesterov momentum ({@link Nesterovs}).
 */
public final class NetworkFactory {

    /**
     * DL4J's workspace mode for training and inference (memory reuse between iterations). ENABLED is
     * DL4J's default; it is set explicitly so that {@code cnnlab info} and environment.json can report it.
     */
    public static final WorkspaceMode WORKSPACE_MODE = WorkspaceMode.ENABLED;

    private NetworkFactory() {
    }

    /**
     * The configuration of the network described by {@code config}, softmax output (not yet
     * initialised): DL4J's standard layers, what model files store. {@link #create} runs it with the
     * conv layers {@code runtime.fastConvolution} asks for.
     */
    public static MultiLayerConfiguration configuration(ExperimentConfig config) {
        return configuration(config, OutputHead.softmax());
    }

    /**
     * The configuration of the network described by {@code config} with the output layer {@code head}
     * (not yet initialised).
     *
     * @throws IllegalArgumentException if there are class weights but not one per class
     */
    public static MultiLayerConfiguration configuration(ExperimentConfig config, OutputHead head) {
        ModelConfig m = config.model;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(config.seed)
                .dataType(DataType.FLOAT)
                .weightInit(m.weightInit)
                .updater(updater(config.training))
                .l2(config.training.l2)
                .weightDecay(config.training.weightDecay)
                .convolutionMode(dl4jMode(m.convolutionMode))
                .trainingWorkspaceMode(WORKSPACE_MODE)
                .inferenceWorkspaceMode(WORKSPACE_MODE)
                .list();
        for (LayerConfig l : m.layers) {
            list.layer(layer(l));
        }
        list.layer(new OutputLayer.Builder(loss(head, m.classes))
                .nOut(m.classes)
                .activation(head.multiLabel() ? Activation.SIGMOID : Activation.SOFTMAX)
                .build());
        return list.setInputType(inputType(m)).build();
    }

    /** A new, initialised softmax network for {@code config}: weights drawn from the config's seed. */
    public static MultiLayerNetwork create(ExperimentConfig config) {
        return create(config, OutputHead.softmax());
    }

    /**
     * A new, initialised network for {@code config} with the output layer {@code head}; its conv layers
     * run as {@code runtime.fastConvolution} decides on this backend ({@link ConvolutionRuntime}).
     *
     * @throws ModelTooBigException when its parameters do not fit ND4J's memory (checked before allocating)
     */
    public static MultiLayerNetwork create(ExperimentConfig config, OutputHead head) {
        MultiLayerConfiguration conf = configuration(config, head);
        ModelMemory.requireParameters(conf, config);   // before ND4J allocates them
        boolean fast = ConvolutionRuntime.useFast(config.runtime.fastConvolution);
        MultiLayerNetwork net = new MultiLayerNetwork(ConvolutionRuntime.runtime(conf, fast));
        net.init();
        return net;
    }

    /** Whether a network's output layer is a sigmoid per label with binary cross-entropy (a multi-label network). */
    public static boolean isMultiLabel(MultiLayerNetwork net) {
        Layer out = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        return out instanceof OutputLayer o && o.getLossFn() instanceof LossBinaryXENT;
    }

    private static ILossFunction loss(OutputHead head, int classes) {
        double[] w = head.classWeights();
        if (w != null && w.length != classes) {
            throw new IllegalArgumentException(w.length + " class weights for " + classes + " classes");
        }
        if (head.multiLabel()) {
            return w == null ? new LossBinaryXENT() : new LossBinaryXENT(Nd4j.create(w).reshape(1, classes).castTo(DataType.FLOAT));
        }
        return w == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(w).reshape(1, classes).castTo(DataType.FLOAT));
    }

    /** The input type the network expects: images of the configured size and channels. */
    public static InputType inputType(ModelConfig m) {
        return InputType.convolutional(m.input.height, m.input.width, m.input.channels);
    }

    private static Layer layer(LayerConfig layer) {
        switch (layer.type) {
            case CONV: {
                ConvLayerConfig l = (ConvLayerConfig) layer;
                ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(l.kernel, l.kernel)
                        .nOut(l.filters)
                        .stride(l.stride, l.stride)
                        .padding(l.padding, l.padding)
                        .activation(l.activation);
                if (l.convolutionMode != null) {
                    b.convolutionMode(dl4jMode(l.convolutionMode));
                }
                return b.build();
            }
            case POOL: {
                PoolLayerConfig l = (PoolLayerConfig) layer;
                SubsamplingLayer.Builder b;
                switch (l.pooling) {
                    case MAX: b = new SubsamplingLayer.Builder(PoolingType.MAX); break;
                    case AVG: b = new SubsamplingLayer.Builder(PoolingType.AVG); break;
                    case SUM: b = new SumPooling2D.Builder(); break;
                    default: throw new AssertionError(l.pooling);
                }
                b.kernelSize(l.size, l.size).stride(l.stride, l.stride).padding(l.padding, l.padding)
                        .avgPoolIncludePadInDivisor(Boolean.TRUE.equals(l.includePadInDivisor));
                if (l.convolutionMode != null) {
                    b.convolutionMode(dl4jMode(l.convolutionMode));
                }
                return b.build();
            }
            case DENSE: {
                DenseLayerConfig l = (DenseLayerConfig) layer;
                DenseLayer.Builder b = new DenseLayer.Builder().nOut(l.units).activation(l.activation);
                if (l.dropout > 0) {
                    b.dropOut(1.0 - l.dropout);   // DL4J takes the probability of keeping an input
                }
                return b.build();
            }
            default:
                throw new AssertionError(layer.type);
        }
    }

    private static IUpdater updater(TrainingConfig t) {
        OptimizerConfig o = t.optimizer;
        ISchedule schedule = schedule(t);
        switch (o.type) {
            case SGD:
                if (o.momentum > 0) {
                    return schedule == null ? new Nesterovs(o.learningRate, o.momentum) : new Nesterovs(schedule, o.momentum);
                }
                return schedule == null ? new Sgd(o.learningRate) : new Sgd(schedule);
            case ADAM: {
                Adam adam = new Adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
                if (schedule != null) {
                    adam.setLearningRateSchedule(schedule);
                }
                return adam;
            }
            case RMSPROP: {
                RmsProp rms = new RmsProp(o.learningRate, RmsProp.DEFAULT_RMSPROP_RMSDECAY, o.epsilon);
                if (schedule != null) {
                    rms.setLearningRateSchedule(schedule);
                }
                return rms;
            }
            default:
                throw new AssertionError(o.type);
        }
    }

    private static ISchedule schedule(TrainingConfig t) {
        switch (t.schedule.type) {
            case NONE: return null;
            case STEP: return new StepSchedule(ScheduleType.EPOCH, t.optimizer.learningRate, t.schedule.gamma, t.schedule.everyEpochs);
            case EXPONENTIAL: return new ExponentialSchedule(ScheduleType.EPOCH, t.optimizer.learningRate, t.schedule.gamma);
            default: throw new AssertionError(t.schedule.type);
        }
    }

    private static org.deeplearning4j.nn.conf.ConvolutionMode dl4jMode(ConvolutionModeName mode) {
        return Dl4jModes.of(mode.mode());
    }
}
