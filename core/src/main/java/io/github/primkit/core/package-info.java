/**
 * What every Primkit pattern needs, and nothing more: a {@link io.github.primkit.core.PrimkitConnection} that hands
 * a pattern the two Lettuce views of one connection (standalone, Sentinel or Cluster alike), {@link
 * io.github.primkit.core.LuaScript} for classpath Lua run with EVALSHA and transparent recovery from {@code NOSCRIPT},
 * {@link io.github.primkit.core.KeyNamespace} for prefixed, hash-tagged keys that keep one script's keys in one
 * Cluster slot, argument checks, and the exception hierarchy rooted at {@link io.github.primkit.core.PrimkitException}.
 */
package io.github.primkit.core;
