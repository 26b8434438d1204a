package cnnlab.data;

import java.util.Arrays;

/**
 * What a dataset asks the network to do, named as MedMNIST's {@code info.py} names it. It decides the
 * output layer (softmax or sigmoid) and how ACC and AUC are computed (see {@code cnnlab.metrics}).
 */
public enum Task {
    /** One class out of several (MNIST's digits, PathMNIST's tissues): softmax and cross-entropy. */
    MULTI_CLASS("multi-class"),
    /** One of two classes (PneumoniaMNIST: normal or pneumonia); class 1 is the positive one. */
    BINARY("binary-class"),
    /** Any number of labels at once (ChestMNIST's 14 findings): a sigmoid per label, binary cross-entropy. */
    MULTI_LABEL("multi-label, binary-class"),
    /** Ordered grades (RetinaMNIST's 5); trained and scored as multi-class, as MedMNIST's baselines do. */
    ORDINAL_REGRESSION("ordinal-regression");

    private final String medMnistName;

    Task(String medMnistName) {
        this.medMnistName = medMnistName;
    }

    /** The name in MedMNIST's {@code info.py} and evaluator, e.g. {@code binary-class}. */
    public String medMnistName() {
        return medMnistName;
    }

    /** Whether the network has a sigmoid per label instead of one softmax. */
    public boolean multiLabel() {
        return this == MULTI_LABEL;
    }

    /** The task of a single-label set with {@code classes} classes (binary for 2). */
    public static Task singleLabel(int classes) {
        return classes == 2 ? BINARY : MULTI_CLASS;
    }

    /**
     * The task that MedMNIST calls {@code name}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Task ofMedMnistName(String name) {
        return Arrays.stream(values()).filter(t -> t.medMnistName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown MedMNIST task '" + name + "'"));
    }
}
