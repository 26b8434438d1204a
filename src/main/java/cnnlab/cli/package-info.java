/**
 * The {@code cnnlab} command line: a thin picocli layer that parses options, calls the packages
 * that do the work, and turns user errors into one line and exit code 2.
 */
package cnnlab.cli;
