/**
 * Rate limiters shared by a fleet of processes through Redis: {@link io.github.primkit.ratelimit.RateLimiter}, made
 * from {@link io.github.primkit.ratelimit.RateLimiterOptions} holding one or more
 * {@link io.github.primkit.ratelimit.Limit}s (sliding log, sliding-window counter, token bucket, GCRA), answering
 * with a {@link io.github.primkit.ratelimit.Decision}. One Lua script, one round trip per decision; what happens when
 * Redis is unreachable is a {@link io.github.primkit.ratelimit.FailurePolicy}.
 */
package io.github.primkit.ratelimit;
