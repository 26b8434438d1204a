/**
 * Where the code runs: which ND4J backend this build has and starting it with a one-line error when it
 * cannot run here ({@link cnnlab.runtime.Backend}), a config's runtime settings applied before any
 * work ({@link cnnlab.runtime.RuntimeSettings}), the facts of the machine and the build that every run
 * records in {@code environment.json} and {@code cnnlab info} prints ({@link cnnlab.runtime.EnvironmentInfo}).
 *
 * <p>One-way: {@code RuntimeSettings} uses {@code Backend}, never the other way round. Training,
 * the benchmark and the command line use this package; it uses none of them.
 */
package cnnlab.runtime;
