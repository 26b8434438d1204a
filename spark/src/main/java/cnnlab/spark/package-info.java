/**
 * {@code cnnlab train --spark MASTER_URL}: epochs trained by DL4J's Spark training masters
 * ({@code ParameterAveragingTrainingMaster}, {@code SharedTrainingMaster}) on a Spark standalone
 * cluster; the run directory, checkpoints and metrics stay with the core's {@code TrainingRun}.
 */
package cnnlab.spark;
