package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
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

    @Test
    void writesCollectionsAsArraysAndNonFiniteNumbersAsNull() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("open", List.of(JsonText.fields("port", 22, "service", "ssh"), Map.of("port", 80)));
        fields.put("empty", List.of());
        fields.put("rate", Double.NaN);
        fields.put("ratio", 0.5);
        assertEquals("{\"open\":[{\"port\":22,\"service\":\"ssh\"},{\"port\":80}],\"empty\":[],\"rate\":null,\"ratio\":0.5}",
                JsonText.object(fields));
    }
}
