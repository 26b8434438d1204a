/**
 * {@code cnnlab train --spark MASTER_URL}: epochs trained by DL4J's Spark training masters on a Spark
 * standalone cluster ({@link cnnlab.spark.SparkEpochTrainer}: {@code ParameterAveragingTrainingMaster}
 * one step per minibatch, with the core's {@link cnnlab.train.AveragedStepScale} for Adam's averaged steps;
 * {@code SharedTrainingMaster} for gradient sharing, after {@link cnnlab.spark.ExecutorAddresses} has
 * checked that DL4J's mesh can tell the executors apart, with {@link cnnlab.spark.ParameterResync} starting
 * every executor's epoch from the driver's parameters); {@link cnnlab.spark.SparkWatchdog} keeps a run
 * from waiting forever. The run directory, checkpoints and metrics stay with the core's
 * {@code TrainingRun}.
 */
package cnnlab.spark;
