package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for Apptainer (Debian has no package for it): {@code apptainer exec [options] IMAGE
 * COMMAND...} records its call and runs COMMAND as its child, passing TERM, USR1 and INT on to it and
 * exiting with its code, as Apptainer's starter does with the program in the container. So the tests
 * check that a job's signals reach a trainer that runs behind such a process; what the real
 * Apptainer does (its --nv, its mounts) only Torch or Greene can show.
 */
final class FakeApptainer {

    private FakeApptainer() {
    }

    /** Writes {@code apptainer} (and {@code singularity}, the same) into {@code bin}, logging calls to {@code calls}. */
    static void install(Path bin, Path calls) throws IOException {
        String script = """
                #!/usr/bin/env bash
                echo "fake-apptainer: $*"
                echo "$*" >> "%s"
                [ "$1" = exec ] || exit 99
                shift
                while [ "${1#-}" != "$1" ]; do
                    case "$1" in --overlay | --bind | -B) shift 2 ;; *) shift ;; esac
                done
                shift
                "$@" &
                child=$!
                for s in TERM USR1 INT; do trap "kill -s $s $child 2>/dev/null" "$s"; done
                while :; do
                    wait "$child"
                    rc=$?
                    [ "$rc" -gt 128 ] && kill -0 "$child" 2>/dev/null && continue
                    break
                done
                exit "$rc"
                """.formatted(calls);
        for (String name : new String[] {"apptainer", "singularity"}) {
            Path p = Files.writeString(bin.resolve(name), script);
            assertTrue(p.toFile().setExecutable(true));
        }
    }
}
