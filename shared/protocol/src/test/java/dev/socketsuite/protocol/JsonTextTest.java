package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void escapesQuotesControlsAndAngleBrackets() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u003cscript\\u003e\"", JsonText.quote("a\"b\\c\n\u0001<script>"));
    }

    @Test
    void writesObjectsInOrderWithTypedValues() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("status", "running");
        fields.put("uptime", 12);
        fields.put("ok", true);
        fields.put("nested", Map.of("k", "v"));
        fields.put("raw", new JsonText.RawJson("[1,2]"));
        assertEquals("{\"status\":\"running\",\"uptime\":12,\"ok\":true,\"nested\":{\"k\":\"v\"},\"raw\":[1,2]}",
                JsonText.object(fields));
    }
}
