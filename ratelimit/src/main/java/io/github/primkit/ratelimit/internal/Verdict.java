package io.github.primkit.ratelimit.internal;

/**
 * One decision as the script (or the in-process model) computes it, before it becomes a public
 * {@link io.github.primkit.ratelimit.Decision}: times in microseconds, and the time it was decided at.
 *
 * @param allowed       whether the permits were granted
 * @param binding       index of the binding limit in the options' list
 * @param remaining     permits the binding limit still grants
 * @param retryMicros   until the request would fit (0 when allowed)
 * @param resetMicros   until the binding limit is full again
 * @param nowMicros     the clock reading the decision was made at (server time for Redis)
 */
record Verdict(boolean allowed, int binding, long remaining, long retryMicros, long resetMicros, long nowMicros) {
}
