package cnnlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pieces of cnnlab's HTML pages: escaping, numbers that carry the value they show (so a test can
 * compare the page with metrics.json), pictures inlined as {@code data:} URIs, and one style sheet
 * that lays the page out for a phone (one column) and for a laptop (cards side by side, pictures at
 * their natural size). Nothing on a page comes from the network.
 */
final class Html {

    private Html() {
    }

    /** Text for HTML content or a quoted attribute. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A number of metrics.json as shown on the page: {@code <span data-metric="POINTER" data-value="RAW">TEXT</span>},
     * with POINTER the JSON pointer into metrics.json and RAW the number as Jackson wrote it; "-" when absent.
     */
    static String metric(JsonNode metrics, String pointer, Format format) {
        JsonNode n = metrics.at(pointer);
        if (!n.isNumber()) {
            return "<span class=\"na\">-</span>";
        }
        return "<span data-metric=\"" + esc(pointer) + "\" data-value=\"" + esc(n.asText()) + "\">" + esc(format.apply(n.asDouble()))
                + "</span>";
    }

    /** How a number is shown. */
    enum Format {
        /** 0.97463 as 97.46%. */
        PERCENT,
        /** 0.97463 as 0.9746. */
        FOUR,
        /** 12.3 as 12.3. */
        ONE;

        String apply(double v) {
            return switch (this) {
                case PERCENT -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
                case FOUR -> String.format(Locale.ROOT, "%.4f", v);
                case ONE -> String.format(Locale.ROOT, "%.1f", v);
            };
        }
    }

    /** A PNG of the run inlined as a figure, or nothing when the file is not there. */
    static String figure(Path png, String alt, String caption) throws IOException {
        if (!Files.isRegularFile(png)) {
            return "";
        }
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        return "<figure><img src=\"data:image/png;base64," + data + "\" alt=\"" + esc(alt) + "\" data-file=\""
                + esc(png.getFileName().toString()) + "\"><figcaption>" + caption + "</figcaption></figure>\n";
    }

    /** The start of a page: doctype, viewport, title and the style sheet. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"generator\" content=\"cnnlab\">\n<title>" + esc(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n";
    }

    static final String CSS = """
            :root { --fg: #1d2330; --muted: #5b6472; --line: #d9dde3; --bg: #ffffff; --soft: #f4f6f8; --accent: #1f5fa8;
                    --good: #2e7d32; --bad: #c62828; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   color: var(--fg); background: var(--bg); }
            main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
            header { border-bottom: 2px solid var(--accent); margin-bottom: 1rem; }
            h1 { font-size: 1.5rem; margin: 0.3rem 0; overflow-wrap: anywhere; }
            h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
            .sub { color: var(--muted); margin: 0 0 0.8rem; overflow-wrap: anywhere; }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.75rem; }
            .card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 0.9rem; }
            .card .k { color: var(--muted); font-size: 0.85rem; }
            .card .v { font-size: 1.5rem; font-weight: 600; }
            .card .ci { color: var(--muted); font-size: 0.85rem; }
            .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
            table { border-collapse: collapse; margin: 0.4rem 0; font-variant-numeric: tabular-nums; }
            th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
            td.n, th.n { text-align: right; white-space: nowrap; }
            tr.best td { font-weight: 600; }
            .noise { color: var(--muted); }
            .na { color: var(--muted); }
            figure { margin: 0.5rem 0 1rem; }
            figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
            figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
            .figs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1rem; align-items: start; }
            .two { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); gap: 0 2rem; }
            pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0.6rem; overflow-x: auto;
                  font-size: 0.85rem; }
            dl { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.2rem 1rem; margin: 0.4rem 0; }
            dt { color: var(--muted); }
            dd { margin: 0; overflow-wrap: anywhere; }
            footer { color: var(--muted); font-size: 0.85rem; margin: 2rem 0 1rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
            @media (max-width: 40rem) {
              body { font-size: 15px; }
              main { padding: 0.6rem; }
              .card .v { font-size: 1.25rem; }
              dl { grid-template-columns: 1fr; }
              dt { margin-top: 0.4rem; }
            }
            """;
}
