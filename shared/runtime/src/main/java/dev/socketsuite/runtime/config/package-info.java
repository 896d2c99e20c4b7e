/**
 * Configuration: {@link dev.socketsuite.runtime.config.ServiceConfig} builds a service's
 * Helidon Config (its own jar's application.yaml, system properties, env), and
 * {@link dev.socketsuite.runtime.config.Settings} reads it with bounds, and turns a bad value into one
 * startup line that names the env variable. The listener and shutdown keys every service
 * shares are records here. Uses Helidon Config only.
 */
package dev.socketsuite.runtime.config;
