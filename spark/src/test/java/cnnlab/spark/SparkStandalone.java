package cnnlab.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback for the tests: a master and {@code workers} workers, each a
 * JVM started from the Maven jars of this module's class path (no Spark download). Spark's workers
 * launch executors from {@code $SPARK_HOME/jars}; this makes a SPARK_HOME whose jars/ links those jars.
 */
final class SparkStandalone implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    final String masterUrl;
    final Path home;

    SparkStandalone(Path dir, int workers) throws IOException, InterruptedException {
        home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        start(dir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        waitForPort(port);
        for (int i = 0; i < workers; i++) {
            // Each worker's executor gets an address of its own for gradient sharing, as on a cluster (127/8 is all loopback).
            env.put("DL4J_VOID_IP", "127.0.0." + (3 + i));
            start(dir, "worker" + i, "org.apache.spark.deploy.worker.Worker", masterUrl, "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1500m", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", workDir(dir.resolve("work" + i)).toString());
        }
        Thread.sleep(3000);   // the workers register within a second or two; the driver waits for executors anyway
    }

    private Path workDir(Path path) throws IOException {
        workDirs.add(Files.createDirectories(path));
        return path;
    }

    /**
     * What each executor has written to its stderr so far, one string per executor (Spark's workers keep it in
     * {@code WORK_DIR/APP_ID/EXECUTOR_ID/stderr}), of every application this cluster ran.
     */
    List<String> executorLogs() throws IOException {
        List<String> logs = new ArrayList<>();
        for (Path work : workDirs) {
            try (java.util.stream.Stream<Path> files = Files.walk(work)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                    logs.add(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return logs;
    }

    private static List<String> classPath() throws IOException {
        List<String> cp = new ArrayList<>(List.of(Files.readString(Path.of(System.getProperty("cnnlab.spark.classpathFile", "spark/target/classpath.txt"))).trim().split(":")));
        return cp;
    }

    private void start(Path dir, String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "-cp", home.resolve("jars") + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().remove("DL4J_VOID_IP");
        pb.environment().putAll(env);
        processes.add(pb.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(500);
            }
        }
        throw new IOException("the Spark master did not listen on port " + port + " within 120 s");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
