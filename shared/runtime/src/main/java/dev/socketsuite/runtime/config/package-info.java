/**
 * Configuration: {@link dev.socketsuite.runtime.config.Settings} reads Helidon Config
 * (application.yaml, system properties, env) with bounds, and turns a bad value into one
 * startup line that names the env variable. The listener and shutdown keys every service
 * shares are records here. Uses Helidon Config only.
 */
package dev.socketsuite.runtime.config;
