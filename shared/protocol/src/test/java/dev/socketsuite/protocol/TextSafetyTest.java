package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextSafetyTest {

    @Test
    void stripsCsiOscAndTwoByteEscapes() {
        assertEquals("red text", TerminalText.sanitize("\u001b[31mred\u001b[0m text"));
        assertEquals("title gone", TerminalText.sanitize("\u001b]0;pwned\u0007title gone"));
        assertEquals("link", TerminalText.sanitize("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\"));
        assertEquals("reset", TerminalText.sanitize("\u001bcreset"));
        assertEquals("c1", TerminalText.sanitize("\u009b2Jc1"));
        assertEquals("", TerminalText.sanitize("\u001b]unterminated osc"));
    }

    @Test
    void stripsControlCharactersButKeepsTabAndUnicode() {
        assertEquals("a\tb c\u00e9\u2603", TerminalText.sanitize("a\tb\u0000\u0008 \rc\u007f\u00e9\u0085\u2603"));
    }

    @Test
    void escapesHtmlSpecials() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;",
                HtmlText.escape("<script>alert(\"x\")</script> & '"));
    }

    @Test
    void chatLinesRoundTrip() {
        var line = ChatFormats.relay("bob", "hi [there]");
        assertEquals("[bob] hi [there]", line);
        assertEquals("bob", ChatFormats.relayNick(line));
        assertEquals("hi [there]", ChatFormats.relayText(line));
        assertEquals(null, ChatFormats.relayNick("* bob joined"));
    }
}
