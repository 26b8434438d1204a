package cnnlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: the content goes to a temporary file next to the target, which is then
 * renamed over it, so a reader (or a job killed half-way) sees either the old file or the new one,
 * never a partial one. A write that fails (a full disk, a read-only folder) is a
 * {@link CannotWriteException} naming the file and the cause.
 */
public final class AtomicFiles {

    /** What the name of a temporary file has before the target's extension. */
    private static final String PARTIAL = ".partial";
    /** The name of a temporary file: {@code .<name>-<random digits>.partial[.<extension>]}. */
    private static final java.util.regex.Pattern LEFTOVER = java.util.regex.Pattern.compile("\\..*-[0-9]+\\.partial(\\..*)?");

    private AtomicFiles() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Something that writes a file's content to a path (for libraries that only take a path). */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path temporary) throws IOException;
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        writeVia(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * Lets {@code writer} write to a temporary path in the target's folder (with the target's file
     * extension, for libraries that choose the format by it), then renames it over the target.
     */
    public static void writeVia(Path target, PathWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CannotWriteException(dir, "cannot create the folder", e);
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffix = dot > 0 ? name.substring(dot) : ".tmp";
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + (dot > 0 ? name.substring(0, dot) : name) + "-", PARTIAL + suffix);
        } catch (IOException e) {
            throw new CannotWriteException(target, "cannot be written", e);
        }
        try {
            readableByAll(tmp, target);
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CannotWriteException(target, "cannot be written; the previous version, if any, is unchanged", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a leftover temporary file is removed by removeLeftovers at the next start
            }
        }
    }

    /**
     * Deletes the temporary files that writes killed half-way left in {@code dir} (not in its
     * sub-folders); returns how many. Only for a folder no other process is writing (a run directory
     * whose lock this process holds).
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()).toList()) {
                if (Files.deleteIfExists(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Gives the temporary file the target's permissions, or rw-r--r-- for a new file (a temporary file
     * is created owner-only, and the rename would keep that).
     */
    private static void readableByAll(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
