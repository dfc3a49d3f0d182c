/**
 * The bundled server: a Redis-compatible server in Java, for the tour, the examples and tests on machines without
 * Redis. Start one with {@link io.github.primkit.server.PrimkitServer#start()} (embedded, ephemeral port) or run the
 * jar ({@code java -jar primkit-server.jar --port 6379}).
 */
package io.github.primkit.server;
