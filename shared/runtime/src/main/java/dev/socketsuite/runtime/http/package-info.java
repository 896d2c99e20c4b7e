/**
 * HTTP/1.1 on a stream listener: {@link dev.socketsuite.runtime.http.HttpProtocol}
 * reads requests with the protocol module's parser, answers keep-alive requests on the loop
 * and bounds every part of a request; a service gives it the routes. Also the access log
 * and the trusted-proxy address ranges. Uses stream, config and metrics.
 */
package dev.socketsuite.runtime.http;
