package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Every command's {@code --help} prints its usage, and picocli has nothing to warn about in it (an unescaped % once). */
class HelpTextTest {

    @Test
    void everyCommandsHelpIsCleanUsage() {
        for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
            PrintStream before = System.err;
            ByteArrayOutputStream traced = new ByteArrayOutputStream();
            CliRun run;
            try {
                System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
                run = CliRun.of(name, "--help");
            } finally {
                System.setErr(before);
            }
            assertEquals(0, run.exitCode(), name + ": " + run.err());
            assertTrue(run.out().contains("Usage: cnnlab " + name), name + ": " + run.out());
            String warnings = traced.toString(StandardCharsets.UTF_8);
            assertFalse(warnings.contains("picocli WARN"), name + ": " + warnings);
        }
    }
}
