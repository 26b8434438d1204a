package cnnlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The error output as lines (a user error must be exactly one). */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }

    /** Checks that this run was a user error: exit code 2, one line on stderr holding {@code part}, no stack trace. */
    CliRun assertUserError(String part) {
        org.junit.jupiter.api.Assertions.assertEquals(2, exitCode, "stderr: " + err + " stdout: " + out);
        org.junit.jupiter.api.Assertions.assertEquals(1, errLines().length, "one line: " + err);
        org.junit.jupiter.api.Assertions.assertTrue(err.contains(part), "expected '" + part + "' in: " + err);
        org.junit.jupiter.api.Assertions.assertFalse(err.contains("\tat "), "no stack trace");
        return this;
    }
}
