/**
 * Self-contained HTML pages of runs: {@code report.html} in every run directory
 * ({@link cnnlab.report.RunReport}) and a page comparing several runs
 * ({@link cnnlab.report.ComparisonReport}). Plain Java over the run's files (JSON, YAML, PNG): no
 * DL4J, no script on the pages, nothing loaded from the network; the style sheet is inline and the
 * pictures are {@code data:} URIs.
 */
package cnnlab.report;
