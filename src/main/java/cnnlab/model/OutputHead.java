package cnnlab.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the output layer of a network is, besides its number of units (the config's
 * {@code model.classes}): one softmax over the classes with (multi-class) cross-entropy, or, for a
 * multi-label dataset, a sigmoid per label with binary cross-entropy; and optional class weights in
 * the loss. It comes from the data, not from the config: see {@code cnnlab.train.TrainingData}.
 *
 * @param multiLabel sigmoid outputs and DL4J's {@code LossBinaryXENT} instead of softmax and {@code LossMCXENT}
 * @param classWeights one weight per class multiplying its term of the loss, or {@code null} for none
 */
public record OutputHead(boolean multiLabel, double[] classWeights) {

    /** Checks that the weights, if any, are finite and not negative. */
    public OutputHead {
        if (classWeights != null) {
            classWeights = classWeights.clone();
            for (double w : classWeights) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("class weight " + w + ", expected a finite number >= 0");
                }
            }
        }
    }

    /** Softmax and cross-entropy without weights: the lab's LeNet on MNIST. */
    public static OutputHead softmax() {
        return new OutputHead(false, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputHead h && multiLabel == h.multiLabel && Arrays.equals(classWeights, h.classWeights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(multiLabel, Arrays.hashCode(classWeights));
    }

    @Override
    public String toString() {
        return (multiLabel ? "sigmoid, binary cross-entropy" : "softmax, cross-entropy")
                + (classWeights == null ? "" : ", class weights " + Arrays.toString(classWeights));
    }
}
