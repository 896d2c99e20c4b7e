package dev.socketsuite.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Every relative link in README.md and docs/ reaches a file, and every anchor a heading. */
class LinksTest {

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        var pages = Markdown.all().stream().collect(Collectors.toMap(Markdown::file, Function.identity()));
        var broken = new ArrayList<String>();
        for (var page : pages.values()) {
            for (var link : page.links()) {
                var problem = problem(page, link.target(), pages);
                if (problem != null) {
                    broken.add(page.relativeName() + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), broken.stream().sorted().toList());
    }

    @Test
    void everyDocsPageIsReachableFromTheReadme() {
        var readme = Markdown.read(Markdown.ROOT.resolve("README.md"));
        var linked = readme.links().stream().map(link -> link.target().replaceAll("#.*", "")).toList();
        for (var page : Markdown.all()) {
            var name = page.relativeName();
            if (name.startsWith("docs/")) {
                assertTrue(linked.contains(name), "README.md has no link to " + name);
            }
        }
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("health-and-metrics", Markdown.slug("Health and metrics"));
        assertEquals("hard-to-break-fuzzing-and-soak", Markdown.slug("Hard to break: fuzzing and soak"));
        assertEquals("chat-in-a-browser-the-page-and-the-websocket-protocol",
                Markdown.slug("Chat in a browser: the page and the WebSocket protocol"));
        assertEquals("socket-client", Markdown.slug("`socket-client`"));
    }

    @Test
    void aMissingFileOrHeadingIsFound() {
        var pages = Markdown.all().stream().collect(Collectors.toMap(Markdown::file, Function.identity()));
        var readme = pages.get(Markdown.ROOT.resolve("README.md"));
        assertEquals(null, problem(readme, "docs/chat.md#chat-in-a-browser-the-page-and-the-websocket-protocol", pages));
        assertEquals("no such file", problem(readme, "docs/no-such-page.md", pages));
        assertEquals("no heading makes the anchor #no-such-heading", problem(readme, "docs/chat.md#no-such-heading", pages));
        assertEquals("leaves the repository", problem(readme, "../outside.md", pages));
    }

    /** Why a link does not resolve, or null when it does. */
    private static String problem(Markdown page, String target, Map<Path, Markdown> pages) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null; // http:, https:, mailto: leave the repository
        }
        int hash = target.indexOf('#');
        var path = hash < 0 ? target : target.substring(0, hash);
        var anchor = hash < 0 ? null : target.substring(hash + 1);
        var file = path.isEmpty() ? page.file() : page.file().getParent().resolve(path).normalize();
        if (!file.startsWith(Markdown.ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        var linked = pages.getOrDefault(file, file.toString().endsWith(".md") ? Markdown.read(file) : null);
        if (linked == null) {
            return "an anchor into a file that is not Markdown";
        }
        return linked.anchors().contains(anchor) ? null : "no heading makes the anchor #" + anchor;
    }
}
