/**
 * File output that never leaves a half-written file behind: everything a run writes (configs,
 * metrics, checkpoints, plots) goes to a temporary file in the same folder and is then renamed.
 */
package cnnlab.io;
