/**
 * Implementation of the rate limiter: the Lua script and its arguments, the in-process model of the algorithms (also
 * the local fallback), the local denial cache and the circuit breaker. Not an API: may change in any release.
 */
package io.github.primkit.ratelimit.internal;
