package dev.socketsuite.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parts of a Markdown file the tests read: its links (outside code) and the anchors its
 * headings get, as GitHub makes them.
 */
record Markdown(Path file, List<Link> links, Set<String> anchors, String prose) {

    /** The repository's root: this module is docs/verify. */
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** A link as written, and the line it is on. */
    record Link(String target, int line) {
    }

    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\\\]|\\\\.)*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    /** README.md and every page under docs/. */
    static List<Markdown> all() {
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            var files = new ArrayList<Path>();
            files.add(ROOT.resolve("README.md"));
            pages.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
            return files.stream().map(Markdown::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Markdown read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var links = new ArrayList<Link>();
        var anchors = new LinkedHashSet<String>();
        var seen = new HashMap<String, Integer>();
        var prose = new StringBuilder();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            prose.append(line).append('\n');
            var heading = HEADING.matcher(line);
            if (heading.matches()) {
                var slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
            var link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(link.group(1), i + 1));
            }
        }
        return new Markdown(file, links, anchors, prose.toString());
    }

    /**
     * GitHub's anchor for a heading: lower case, markup and punctuation dropped (letters,
     * digits, spaces, hyphens and underscores stay), each space a hyphen.
     */
    static String slug(String heading) {
        var text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        var slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    String relativeName() {
        return ROOT.relativize(file).toString();
    }
}
