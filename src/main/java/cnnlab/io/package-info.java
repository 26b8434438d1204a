/**
 * The lowest layer, used by every other package: file output that never leaves a half-written file
 * behind (everything a run writes goes to a temporary file in the same folder and is then renamed),
 * and {@link cnnlab.io.UserInputException}, the base of the exceptions that mean "the user gave
 * something wrong" (one line, exit code 2).
 */
package cnnlab.io;
