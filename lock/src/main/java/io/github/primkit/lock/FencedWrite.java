package io.github.primkit.lock;

/**
 * The outcome of a {@link FencingGuard} write.
 *
 * @param accepted     whether the write was applied
 * @param highestToken the highest token the resource has accepted, after this write: the write's own token when
 *                     accepted, the newer token that made it stale when refused
 */
public record FencedWrite(boolean accepted, long highestToken) {
}
