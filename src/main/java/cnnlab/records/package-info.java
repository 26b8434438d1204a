/**
 * The files a run writes and reads, as typed, immutable records: {@code run.json}
 * ({@link cnnlab.records.RunInfo}), {@code environment.json} ({@link cnnlab.records.Environment}),
 * {@code metrics.json} ({@link cnnlab.records.RunMetrics}, with {@link cnnlab.records.TestMetrics},
 * {@link cnnlab.records.MedicalSummary} and {@link cnnlab.records.ClassMetrics}), a medical run's
 * {@code dataset.json} ({@link cnnlab.records.DatasetFacts}), what a checkpoint must match to be
 * resumed ({@link cnnlab.records.ModelFingerprint}) and what {@code cnnlab evaluate --json} prints
 * ({@link cnnlab.records.EvaluationReport}).
 *
 * <p>All of them are written and read by one Jackson mapper, {@link cnnlab.records.RunJson}; each file
 * has a {@code schemaVersion} ({@link cnnlab.records.RunJson#SCHEMA_VERSION}). Files written before
 * the field existed read as version 0 and keep working: the records keep the field names of those
 * files, and a test reads a fixture of them (docs/run-directory.md says what changed).
 *
 * <p>Builds on {@code config}, {@code model} (the output layer), {@code metrics} and {@code data};
 * {@code runtime}, {@code train} and the command line use it.
 */
package cnnlab.records;
