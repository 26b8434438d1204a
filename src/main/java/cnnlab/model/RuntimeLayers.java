package cnnlab.model;

import java.util.Collection;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Connects a running layer to its network the way DL4J's own layer configurations do in
 * {@code instantiate}: listeners, index, parameter view and parameter table, configuration. Shared by
 * cnnlab's layers that keep a DL4J configuration class and supply only the computation.
 */
final class RuntimeLayers {

    private RuntimeLayers() {
    }

    static <L extends AbstractLayer<?>> L wire(L layer, ParamInitializer initializer, NeuralNetConfiguration conf,
                                               Collection<TrainingListener> listeners, int index, INDArray paramsView,
                                               boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
