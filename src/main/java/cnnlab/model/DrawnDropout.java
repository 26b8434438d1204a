package cnnlab.model;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout whose mask was drawn before the forward pass: one share's rows of a mask that
 * {@link MinibatchSplit} drew for the whole minibatch, exactly as DL4J's {@code Dropout} would have drawn
 * it on one thread (values 0 or {@code 1/p}). It multiplies the input by the mask going forward and the
 * gradient by the same mask going back, as DL4J's {@code Dropout} does with the mask it draws itself.
 * Put in a layer's configuration only for one split step; never saved.
 */
final class DrawnDropout implements IDropout {

    private final INDArray mask;

    /** @param mask the share's rows of the minibatch's mask, in the layer's input shape */
    DrawnDropout(INDArray mask) {
        this.mask = mask;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray in = inputActivations.dataType() == output.dataType() ? inputActivations
                : inputActivations.castTo(output.dataType());
        Nd4j.getExecutioner().exec(new MulOp(in, mask.castTo(output.dataType()), output));
        return output;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, mask.castTo(gradAtInput.dataType()), gradAtInput));
        return gradAtInput;
    }

    @Override
    public void clear() {
        // the mask belongs to the step, which drops this object afterwards
    }

    @Override
    public IDropout clone() {
        return this;   // immutable
    }
}
