/**
 * The bundled server's own Lua 5.1 engine: lexer, parser (compiling a chunk once to a tree of executable nodes with
 * locals resolved to frame slots), the interpreter, and the standard libraries Redis loads (base, table, string,
 * math, coroutine, os.clock). It depends on the JDK only and on no other server package; the scripting layer builds Redis's
 * {@code EVAL} on top of it.
 *
 * <p>Values are plain Java objects: nil is {@code null}, booleans {@link java.lang.Boolean}, numbers
 * {@link java.lang.Double}, strings {@link io.github.primkit.server.internal.lua.LuaString}, tables
 * {@link io.github.primkit.server.internal.lua.LuaTable}, functions
 * {@link io.github.primkit.server.internal.lua.LuaFunction}, coroutines
 * {@link io.github.primkit.server.internal.lua.LuaCoroutine} (type {@code thread}); any other object
 * ({@link io.github.primkit.server.internal.lua.LuaUserdata}, the scripting layer's light userdata) is a userdata.
 */
package io.github.primkit.server.internal.lua;
