import java.io.File;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J program that knows nothing of cnnlab (PortableModelTest runs it in a JVM whose class path has
 * DL4J and ND4J but not cnnlab's classes): loads a model file, prints whether cnnlab's classes are
 * visible, each layer's class, and the outputs for the input {@link #input} describes.
 *
 * <p>Arguments: model file, batch, channels, height, width.
 */
public class LoadWithoutCnnlab {

    /** The test input: cell i of the flattened {@code [b, c, h, w]} array is {@code (i * 37 % 101) / 100}. */
    static INDArray input(int b, int c, int h, int w) {
        float[] x = new float[b * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 101) / 100f;
        }
        return Nd4j.create(x, new long[] {b, c, h, w}, DataType.FLOAT);
    }

    public static void main(String[] args) throws Exception {
        boolean cnnlab;
        try {
            Class.forName("cnnlab.model.FastConvolution2D");
            cnnlab = true;
        } catch (ClassNotFoundException e) {
            cnnlab = false;
        }
        System.out.println("cnnlab-on-class-path " + cnnlab);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(args[0]), false);
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            System.out.println("layer " + l.getClass().getName() + " " + l.conf().getLayer().getClass().getName());
        }
        INDArray out = net.output(input(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4])));
        StringBuilder s = new StringBuilder("output");
        for (float v : out.dup('c').data().asFloat()) {
            s.append(' ').append(v);
        }
        System.out.println(s);
    }
}
