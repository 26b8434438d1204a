package cnnlab.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.nd4j.linalg.activations.Activation;

import cnnlab.reference.OutputSize;

/**
 * Checks a parsed config's values and fills in per-layer defaults: ranges (epochs >= 1, learning
 * rate > 0, ...), and that every conv and pool layer fits the image it receives, following the input
 * through the stack with the output-size rule. (That a layer has only its type's settings is already
 * checked while the file is read: see {@link LayerConfig}.)
 */
public final class ConfigValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ConfigValidator() {
    }

    /**
     * Validates {@code c} in place, filling in layer defaults.
     *
     * @throws ConfigException for the first problem found
     */
    public static void validate(ExperimentConfig c, Path file) {
        Check check = new Check(file);
        check.that(c.name != null && NAME.matcher(c.name).matches(), "name",
                "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got '" + c.name + "'");
        model(c.model, check);
        DataConfig d = c.data;
        check.that(d.dataset != null && !d.dataset.isBlank(), "data.dataset", "a dataset name, a folder or an .npz file");
        check.that(d.validationFraction >= 0 && d.validationFraction <= 0.5, "data.validationFraction",
                "a number from 0 to 0.5, got " + d.validationFraction);
        check.that(d.trainLimit >= 0, "data.trainLimit", "0 (all) or more, got " + d.trainLimit);
        check.that(d.testLimit >= 0, "data.testLimit", "0 (all) or more, got " + d.testLimit);
        TrainingConfig t = c.training;
        check.that(t.epochs >= 1, "training.epochs", "1 or more, got " + t.epochs);
        check.that(t.batchSize >= 1, "training.batchSize", "1 or more, got " + t.batchSize);
        OptimizerConfig o = t.optimizer;
        check.that(o.learningRate > 0 && Double.isFinite(o.learningRate), "training.optimizer.learningRate",
                "a number > 0, got " + o.learningRate);
        check.that(o.momentum >= 0 && o.momentum < 1, "training.optimizer.momentum", "a number in [0, 1), got " + o.momentum);
        check.that(o.momentum == 0 || o.type == OptimizerConfig.Type.SGD, "training.optimizer.momentum",
                "0 or no value for " + o.type.name().toLowerCase(java.util.Locale.ROOT) + " (momentum is sgd's; adam has beta1 and beta2), got "
                        + o.momentum);
        check.that(o.beta1 >= 0 && o.beta1 < 1, "training.optimizer.beta1", "a number in [0, 1), got " + o.beta1);
        check.that(o.beta2 >= 0 && o.beta2 < 1, "training.optimizer.beta2", "a number in [0, 1), got " + o.beta2);
        check.that(o.epsilon > 0, "training.optimizer.epsilon", "a number > 0, got " + o.epsilon);
        ScheduleConfig s = t.schedule;
        check.that(s.gamma > 0 && s.gamma <= 1, "training.schedule.gamma", "a number in (0, 1], got " + s.gamma);
        check.that(s.everyEpochs >= 1, "training.schedule.everyEpochs", "1 or more, got " + s.everyEpochs);
        check.that(t.l2 >= 0, "training.l2", "0 or more, got " + t.l2);
        check.that(t.weightDecay >= 0, "training.weightDecay", "0 or more, got " + t.weightDecay);
        check.that(t.l2 == 0 || t.weightDecay == 0, "training.weightDecay",
                "0 when training.l2 is set (DL4J drops L2 when weight decay is on); use one of the two");
        check.that(c.runtime.threads >= 0, "runtime.threads", "0 (ND4J's default) or more, got " + c.runtime.threads);
        check.that(c.runtime.workers >= 1 && c.runtime.workers <= 64, "runtime.workers",
                "1 (one process, the plain loop) to 64, got " + c.runtime.workers);
        check.that(c.runtime.workers <= 1 || t.batchSize >= c.runtime.workers, "training.batchSize",
                "at least runtime.workers (" + c.runtime.workers + ": each minibatch is cut into one piece per worker), got "
                        + t.batchSize);
        check.that(c.runtime.sharingThreshold >= 0 && c.runtime.sharingThreshold < 1, "runtime.sharingThreshold",
                "0 (DL4J's adaptive threshold) or a fixed threshold above 0 and below 1, got " + c.runtime.sharingThreshold);
        check.that(c.runtime.prefetchBatches >= 0, "runtime.prefetchBatches", "0 or more, got " + c.runtime.prefetchBatches);
        check.that(c.output.runsDir != null && !c.output.runsDir.isBlank(), "output.runsDir", "a folder");
        check.that(c.output.keepCheckpoints >= 1, "output.keepCheckpoints", "1 or more, got " + c.output.keepCheckpoints);
        check.that(c.output.logEveryBatches >= 1, "output.logEveryBatches", "1 or more, got " + c.output.logEveryBatches);
        analysis(c, check);
    }

    /** The analysis section and the augmentation (issue 13). */
    private static void analysis(ExperimentConfig c, Check check) {
        AnalysisConfig a = c.analysis;
        check.that(a != null, "analysis", "a section (or leave it out)");
        check.that(a.bootstrapResamples >= 0 && a.bootstrapResamples <= 100_000, "analysis.bootstrapResamples",
                "0 (no intervals) to 100000, got " + a.bootstrapResamples);
        check.that(a.calibrationBins >= 1 && a.calibrationBins <= 1000, "analysis.calibrationBins",
                "1 to 1000, got " + a.calibrationBins);
        check.that(a.galleryPerClass >= 0 && a.galleryPerClass <= 20, "analysis.galleryPerClass",
                "0 (no gallery) to 20, got " + a.galleryPerClass);
        AugmentationConfig g = c.data.augmentation;
        check.that(g != null, "data.augmentation", "a section (or leave it out)");
        check.that(g.maxShift >= 0, "data.augmentation.maxShift", "0 (none) or more pixels, got " + g.maxShift);
        check.that(g.maxShift < Math.min(c.model.input.height, c.model.input.width), "data.augmentation.maxShift",
                "less than the image side (" + Math.min(c.model.input.height, c.model.input.width) + "), got " + g.maxShift);
        check.that(!g.rotations || c.model.input.height == c.model.input.width, "data.augmentation.rotations",
                "false for images that are not square (" + c.model.input.height + "x" + c.model.input.width + ")");
    }

    /** Weight initialisations that need no further settings (DISTRIBUTION needs one, IDENTITY fits only square layers). */
    static final java.util.Set<org.deeplearning4j.nn.weights.WeightInit> WEIGHT_INITS = java.util.EnumSet.complementOf(
            java.util.EnumSet.of(org.deeplearning4j.nn.weights.WeightInit.DISTRIBUTION, org.deeplearning4j.nn.weights.WeightInit.IDENTITY));

    private static void model(ModelConfig m, Check check) {
        check.that(WEIGHT_INITS.contains(m.weightInit), "model.weightInit", "one of "
                + WEIGHT_INITS.stream().map(w -> w.name().toLowerCase()).collect(java.util.stream.Collectors.joining(", "))
                + "; got " + m.weightInit.name().toLowerCase());
        check.that(m.input.channels >= 1, "model.input.channels", "1 or more, got " + m.input.channels);
        check.that(m.input.height >= 1, "model.input.height", "1 or more, got " + m.input.height);
        check.that(m.input.width >= 1, "model.input.width", "1 or more, got " + m.input.width);
        check.that(m.classes >= 2, "model.classes", "2 or more, got " + m.classes);
        int h = m.input.height;
        int w = m.input.width;
        boolean dense = false;
        List<LayerConfig> layers = m.layers;
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig l = layers.get(i);
            String at = "model.layers[" + i + "]";
            check.that(l != null, at + ".type", "conv, pool or dense");
            if (l instanceof ConvLayerConfig c) {
                check.that(c.filters != null && c.filters >= 1, at + ".filters", "1 or more, got " + c.filters);
                check.that(c.kernel != null && c.kernel >= 1, at + ".kernel", "1 or more, got " + c.kernel);
                check.that(c.activation != Activation.SOFTMAX, at + ".activation", "a hidden-layer activation (softmax is the output's)");
            } else if (l instanceof PoolLayerConfig p) {
                check.that(p.size != null && p.size >= 1, at + ".size", "1 or more, got " + p.size);
                check.that(p.includePadInDivisor == null || p.pooling == PoolingName.AVG, at + ".includePadInDivisor",
                        "only with pooling: avg");
            } else if (l instanceof DenseLayerConfig d) {
                check.that(d.units != null && d.units >= 1, at + ".units", "1 or more, got " + d.units);
                check.that(d.dropout == null || (d.dropout >= 0 && d.dropout < 1), at + ".dropout",
                        "a drop probability in [0, 1), got " + d.dropout);
                check.that(d.activation != Activation.SOFTMAX, at + ".activation", "a hidden-layer activation (softmax is the output's)");
            }
            l.applyDefaults();
            if (!(l instanceof WindowLayerConfig window)) {
                dense = true;
                continue;
            }
            check.that(!dense, at + ".type", "dense layers last: a " + l.type.label() + " layer cannot follow a dense layer");
            check.that(window.stride >= 1, at + ".stride", "1 or more, got " + window.stride);
            check.that(window.padding >= 0, at + ".padding", "0 or more, got " + window.padding);
            int k = window.window();
            ConvolutionModeName mode = window.convolutionMode != null ? window.convolutionMode : m.convolutionMode;
            check.that(mode != ConvolutionModeName.SAME || window.padding == 0, at + ".padding",
                    "0 with convolutionMode same, which computes its own padding; got " + window.padding);
            try {
                int nh = OutputSize.resolve(h, k, window.padding, window.padding, window.stride, 1, mode.mode()).output();
                int nw = OutputSize.resolve(w, k, window.padding, window.padding, window.stride, 1, mode.mode()).output();
                h = nh;
                w = nw;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(check.file, at, window.describeWindow() + " does not fit its " + h + "x" + w + " input ("
                        + e.getMessage() + "); the layer stack must fit the " + m.input.height + "x" + m.input.width + " images");
            }
        }
    }

    /** Throws a {@link ConfigException} for the first failed condition. */
    private record Check(Path file) {
        void that(boolean ok, String field, String expected) {
            if (!ok) {
                throw new ConfigException(file, field, "expected " + expected);
            }
        }
    }
}
