package dev.socketsuite.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which pod answered (http-info's page, echo's info mode), from the downward API env the manifests set ({@code POD_NAME},
 * {@code POD_NAMESPACE}, {@code NODE_NAME}, {@code POD_IP}). Only these four are ever read:
 * nothing else from the environment is shown. Outside Kubernetes all are null and the host
 * name stands in.
 */
public record PodIdentity(String name, String namespace, String node, String ip) {

    public static PodIdentity from(Map<String, String> env) {
        return new PodIdentity(blankToNull(env.get("POD_NAME")), blankToNull(env.get("POD_NAMESPACE")),
                blankToNull(env.get("NODE_NAME")), blankToNull(env.get("POD_IP")));
    }

    public boolean known() {
        return name != null;
    }

    /** The JSON view's {@code pod} object: the fields that are set. */
    public Map<String, Object> fields() {
        var fields = new LinkedHashMap<String, Object>();
        putIfSet(fields, "name", name);
        putIfSet(fields, "namespace", namespace);
        putIfSet(fields, "node", node);
        putIfSet(fields, "ip", ip);
        return fields;
    }

    private static void putIfSet(Map<String, Object> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
