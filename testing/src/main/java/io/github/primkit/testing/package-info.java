/**
 * One test suite, every backend: annotate a test class with {@link io.github.primkit.testing.RedisBackends} and it runs
 * once per backend (a real {@code redis-server}, a real {@code valkey-server}, a real 3-master Redis Cluster,
 * Testcontainers' Redis where Docker is reachable, and the bundled server when it is on the class path), with a ready
 * {@link io.github.primkit.testing.RedisBackend} injected and the data flushed before every test.
 *
 * <p>Selection and strictness come from system properties (or environment variables):
 * {@code primkit.backends} ({@code PRIMKIT_BACKENDS}) limits the run to the listed backends;
 * {@code primkit.backends.required} ({@code PRIMKIT_BACKENDS_REQUIRED}) lists backends that must run: for them, "cannot
 * start here" is a test failure instead of a skip.
 */
package io.github.primkit.testing;
