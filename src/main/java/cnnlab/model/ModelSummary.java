package cnnlab.model;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The layer table of a network: each layer's kind, settings, output shape and number of trainable
 * parameters, as DL4J itself computes them, and the total.
 *
 * <p>A conv layer with {@code C} input channels, {@code N} filters and a {@code k x k} kernel has
 * {@code N * (C * k * k + 1)} parameters (the lab's exercise: 3 in, 5 out, 3x3 gives 140).
 */
public record ModelSummary(List<Row> rows, long totalParameters) {

    /**
     * One layer.
     *
     * @param index position in the network, from 0
     * @param kind conv, pool, dense, output, ...
     * @param settings kernel, stride, activation and so on
     * @param outputShape e.g. {@code 6x24x24} (channels x height x width) or {@code 120}
     * @param parameters trainable parameters
     */
    public record Row(int index, String kind, String settings, String outputShape, long parameters) {
    }

    /** The summary of an initialised network whose configuration has an input type. */
    public static ModelSummary of(MultiLayerNetwork net, InputType input) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<InputType> shapes = conf.getLayerActivationTypes(input);
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = conf.getConf(i).getLayer();
            long params = net.getLayer(i).numParams();
            total += params;
            rows.add(new Row(i, kind(l), settings(l), shape(shapes.get(i)), params));
        }
        return new ModelSummary(rows, total);
    }

    /** The table as text, with the input shape on top and the total at the bottom. */
    public String render(InputType input) {
        StringBuilder out = new StringBuilder();
        String format = "%-5s %-8s %-44s %-12s %12s%n";
        out.append(String.format(format, "layer", "kind", "settings", "output", "parameters"));
        out.append(String.format(format, "", "input", "", shape(input), ""));
        for (Row r : rows) {
            out.append(String.format(format, r.index(), r.kind(), r.settings(), r.outputShape(), String.format("%,d", r.parameters())));
        }
        out.append(String.format(format, "", "", "", "total", String.format("%,d", totalParameters)));
        return out.toString();
    }

    private static String kind(Layer l) {
        if (l instanceof SumPooling2D) {
            return "pool";
        }
        if (l instanceof ConvolutionLayer) {
            return "conv";
        }
        if (l instanceof SubsamplingLayer) {
            return "pool";
        }
        if (l instanceof OutputLayer) {
            return "output";
        }
        if (l instanceof DenseLayer) {
            return "dense";
        }
        return l.getClass().getSimpleName();
    }

    private static String settings(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            return c.getNOut() + " filters " + c.getKernelSize()[0] + "x" + c.getKernelSize()[1] + ", stride " + c.getStride()[0]
                    + ", pad " + c.getPadding()[0] + ", " + c.getConvolutionMode().name().toLowerCase() + ", "
                    + c.getActivationFn().toString().toLowerCase();
        }
        if (l instanceof SubsamplingLayer s) {
            return s.getPoolingType().name().toLowerCase() + " " + s.getKernelSize()[0] + "x" + s.getKernelSize()[1]
                    + ", stride " + s.getStride()[0] + ", pad " + s.getPadding()[0] + ", " + s.getConvolutionMode().name().toLowerCase();
        }
        if (l instanceof OutputLayer o) {
            return o.getNOut() + " classes, " + o.getActivationFn().toString().toLowerCase() + ", " + o.getLossFn().toString();
        }
        if (l instanceof DenseLayer d) {
            String drop = d.getIDropout() instanceof org.deeplearning4j.nn.conf.dropout.Dropout dropout
                    ? String.format(java.util.Locale.ROOT, ", dropout %.2g", 1 - dropout.getP())   // DL4J's p keeps
                    : d.getIDropout() == null ? "" : ", " + d.getIDropout().getClass().getSimpleName();
            return d.getNOut() + " units, " + d.getActivationFn().toString().toLowerCase() + drop;
        }
        return "";
    }

    private static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getChannels() + "x" + c.getHeight() + "x" + c.getWidth();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return Long.toString(f.getSize());
        }
        return t.toString();
    }
}
