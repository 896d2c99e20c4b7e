package dev.socketsuite.protocol.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One reply of Redis's RESP2 protocol: the five kinds a server sends. */
public sealed interface RespReply {

    /** {@code +OK}: a status line. */
    record Status(String text) implements RespReply {
    }

    /** {@code -ERR ...}: the command failed; the first word is its code (ERR, NOSCRIPT, READONLY, LOADING, ...). */
    record Error(String message) implements RespReply {

        /** The error's code, the first word of its message. */
        public String code() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }
    }

    /** {@code :42}. */
    record Int(long value) implements RespReply {
    }

    /** {@code $3\r\nabc}: bytes, or null for the null bulk string ({@code $-1}). */
    record Bulk(byte[] bytes) implements RespReply {

        public static Bulk of(String text) {
            return new Bulk(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The bytes as UTF-8 text, or null for the null bulk string. */
        public String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bulk bulk && Arrays.equals(bytes, bulk.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return bytes == null ? "Bulk[null]" : "Bulk[" + text() + "]";
        }
    }

    /** {@code *2\r\n...}: replies, or null for the null array ({@code *-1}, as a timed-out blocking read answers). */
    record Array(List<RespReply> items) implements RespReply {
    }
}
