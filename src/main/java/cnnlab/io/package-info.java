/**
 * The lowest layer, used by every other package: file output that never leaves a half-written file
 * behind (everything a run writes goes to a temporary file in the same folder and is then renamed),
 * and {@link cnnlab.io.UserInputException}, the base of the exceptions that mean "the user gave
 * something wrong" (one line, exit code 2), among them {@link cnnlab.io.CannotWriteException} for a
 * disk that cannot be written; and {@link cnnlab.io.MemoryBudget}, the heap check made before a large
 * allocation whose size is known in advance.
 */
package cnnlab.io;
