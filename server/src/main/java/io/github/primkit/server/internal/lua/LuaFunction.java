package io.github.primkit.server.internal.lua;

/** A Lua function: a compiled Lua closure or a Java library function. */
public abstract class LuaFunction {
    static final Object[] NONE = new Object[0];

    /** The body of a Java library function: arguments in, results out (an empty array for none). */
    @FunctionalInterface
    public interface JavaBody {
        Object[] call(LuaState state, Object[] args);
    }

    /**
     * Calls this function. {@code args} may be longer than the declared parameters; the returned array holds every
     * result (never null). Lua errors are thrown as {@link LuaError}.
     */
    public abstract Object[] call(LuaState state, Object[] args);

    /** The name used in {@code bad argument #n to 'name'} messages. */
    public String name() {
        return "?";
    }

    /** A Java library function named {@code name}. */
    public static LuaFunction of(String name, JavaBody body) {
        return new JavaFunction(name, body);
    }

    static final class JavaFunction extends LuaFunction {
        final String name;
        final JavaBody body;

        JavaFunction(String name, JavaBody body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public Object[] call(LuaState state, Object[] args) {
            return body.call(state, args);
        }

        @Override
        public String name() {
            return name;
        }
    }
}
