package dev.socketsuite.runtime.config;

import java.time.Duration;

/**
 * The {@code shutdown} section.
 *
 * @param delay time between readiness going DOWN and the listener closing, so a load
 *              balancer stops sending new peers first ({@code shutdown.delay})
 * @param grace time open connections get to finish before they are closed ({@code shutdown.grace})
 */
public record ShutdownSettings(Duration delay, Duration grace) {

    public static ShutdownSettings from(Settings settings) {
        return new ShutdownSettings(
                settings.duration("shutdown.delay", Duration.ZERO),
                settings.duration("shutdown.grace", Duration.ofSeconds(10)));
    }
}
