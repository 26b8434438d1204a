package cnnlab.spark;

import cnnlab.config.ExperimentConfig;
import cnnlab.train.EpochTrainer;

/** Makes the core's {@code --spark} option find {@link SparkEpochTrainer} (META-INF/services). */
public final class SparkTrainerProvider implements EpochTrainer.Provider {

    @Override
    public EpochTrainer spark(String masterUrl, ExperimentConfig config) {
        return new SparkEpochTrainer(masterUrl, config);
    }
}
