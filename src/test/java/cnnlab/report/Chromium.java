package cnnlab.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's Chromium, headless, for the page tests: screenshots at a given window size, and a check
 * of a page in frames of given widths (script errors, failed loads, console errors, each image's
 * state, the layout width, every number that carries {@code data-metric}).
 *
 * <p>How the check works: the page is copied into a scratch folder with {@code probe.js} (a test
 * resource) inlined at the top of its head, and a wrapper page shows that copy in one
 * {@code <iframe>} per width (a window cannot be narrower than 500 px in headless Chromium, a frame
 * can); {@code --dump-dom} prints the wrapper after load, with each frame's findings copied in.
 * Chromium also logs every console message to stderr ({@code --enable-logging=stderr}); those lines
 * are returned too. Flags as the project's machines need them as root: no sandbox, no GPU, no
 * network services, a fresh profile per call.
 */
final class Chromium {

    /** The browser: {@code $CNNLAB_CHROMIUM} or Debian's {@code /usr/bin/chromium} ({@code apt-get install chromium}). */
    static Path binary() {
        Path p = Path.of(System.getenv().getOrDefault("CNNLAB_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(p)) {
            fail(p + " not found: the page tests need Debian's chromium (sudo apt-get install chromium; .ci/run installs it)");
        }
        return p;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the browser found in one frame.
     *
     * @param width the frame's width
     * @param check the probe's JSON: errors, images, numbers, scrollWidth, innerWidth, resources
     */
    record Frame(int width, JsonNode check) {
    }

    /**
     * The findings of a check.
     *
     * @param frames one per width
     * @param consoleLines Chromium's log lines of console messages ({@code CONSOLE}) of any frame
     */
    record Check(List<Frame> frames, List<String> consoleLines) {
    }

    private Chromium() {
    }

    /** Writes a PNG of {@code page} as a window of {@code width x height} shows it. */
    static void screenshot(Path page, int width, int height, Path png, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(scratch, List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(),
                page.toAbsolutePath().toUri().toString()));
        assertTrue(Files.size(png) > 1000, "screenshot " + png + " written");
    }

    /** Checks {@code page} in frames of the given widths (each {@code height} high). */
    static Check check(Path page, int[] widths, int height, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        String probe;
        try (InputStream in = Chromium.class.getResourceAsStream("probe.js")) {
            probe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = Files.readString(page);
        assertTrue(html.contains("<head>\n"), page + " has a head");
        Files.writeString(scratch.resolve("probe.html"), html.replaceFirst("<head>\n", "<head>\n<script>\n" + Matcher.quoteReplacement(probe)
                + "</script>\n"));
        StringBuilder wrap = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n");
        for (int i = 0; i < widths.length; i++) {
            wrap.append("<iframe id=\"f").append(i).append("\" src=\"probe.html\" style=\"display:block;border:0;width:").append(widths[i])
                    .append("px;height:").append(height).append("px\"></iframe>\n");
        }
        wrap.append("<script>window.addEventListener('load', function () {\n  for (var i = 0; i < ").append(widths.length)
                .append("; i++) {\n    var d = document.getElementById('f' + i).contentDocument;\n")
                .append("    var c = d && d.getElementById('cnnlab-check');\n    var pre = document.createElement('pre');\n")
                .append("    pre.className = 'frame'; pre.textContent = c ? c.textContent : '{\"missing\": true}';\n")
                .append("    document.body.appendChild(pre);\n  }\n});</script></body></html>\n");
        Path wrapper = scratch.resolve("wrap.html");
        Files.writeString(wrapper, wrap.toString());
        int widest = java.util.Arrays.stream(widths).max().orElse(800) + 40;
        Result r = run(scratch, List.of("--window-size=" + widest + "," + (height + 100), "--allow-file-access-from-files",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", wrapper.toUri().toString()));
        Matcher m = Pattern.compile("<pre class=\"frame\">(.*?)</pre>", Pattern.DOTALL).matcher(r.out());
        List<Frame> frames = new ArrayList<>();
        int i = 0;
        while (m.find()) {
            String text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
            frames.add(new Frame(widths[i++], JSON.readTree(text)));
        }
        if (frames.size() != widths.length) {
            fail("the browser gave " + frames.size() + " of " + widths.length + " frame checks; stderr:\n" + r.err());
        }
        List<String> console = r.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Check(frames, console);
    }

    private record Result(String out, String err) {
    }

    private static Result run(Path scratch, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path profile = Files.createTempDirectory(scratch, "profile");
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(args);
        Path out = scratch.resolve("stdout-" + System.nanoTime());
        Path err = scratch.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish in 180 s: " + String.join(" ", cmd));
        }
        String o = Files.readString(out);
        String e = Files.readString(err);
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + e);
        }
        return new Result(o, e);
    }
}
