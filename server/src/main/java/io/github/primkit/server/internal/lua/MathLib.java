package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Args.checkInt;
import static io.github.primkit.server.internal.lua.Args.checkNumber;
import static io.github.primkit.server.internal.lua.Args.one;

import java.util.function.DoubleUnaryOperator;

/** Lua 5.1's math library (lmathlib.c); {@code random} draws from the state's replaceable {@link RandomSource}. */
final class MathLib {
    private MathLib() {
    }

    private static void fn1(LuaTable m, String name, DoubleUnaryOperator op) {
        BaseLib.reg(m, name, (L, a) -> one(op.applyAsDouble(checkNumber(L, name, a, 0))));
    }

    static void install(LuaState st) {
        LuaTable m = new LuaTable();
        fn1(m, "abs", Math::abs);
        fn1(m, "ceil", Math::ceil);
        fn1(m, "floor", Math::floor);
        fn1(m, "sqrt", Math::sqrt);
        fn1(m, "exp", Math::exp);
        fn1(m, "log", Math::log);
        fn1(m, "log10", Math::log10);
        fn1(m, "sin", Math::sin);
        fn1(m, "cos", Math::cos);
        fn1(m, "tan", Math::tan);
        fn1(m, "asin", Math::asin);
        fn1(m, "acos", Math::acos);
        fn1(m, "atan", Math::atan);
        fn1(m, "sinh", Math::sinh);
        fn1(m, "cosh", Math::cosh);
        fn1(m, "tanh", Math::tanh);
        fn1(m, "deg", x -> x * (180.0 / Math.PI));
        fn1(m, "rad", x -> x * (Math.PI / 180.0));
        BaseLib.reg(m, "pow", (L, a) -> one(Math.pow(checkNumber(L, "pow", a, 0), checkNumber(L, "pow", a, 1))));
        BaseLib.reg(m, "atan2", (L, a) -> one(Math.atan2(checkNumber(L, "atan2", a, 0),
                checkNumber(L, "atan2", a, 1))));
        LuaFunction.JavaBody fmod = (L, a) -> one(checkNumber(L, "fmod", a, 0) % checkNumber(L, "fmod", a, 1));
        BaseLib.reg(m, "fmod", fmod);
        BaseLib.reg(m, "mod", fmod);
        BaseLib.reg(m, "modf", (L, a) -> {
            double x = checkNumber(L, "modf", a, 0);
            double ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
            double frac = Double.isInfinite(x) ? 0.0 : x - ip;
            return new Object[] {ip, frac};
        });
        BaseLib.reg(m, "frexp", (L, a) -> {
            double x = checkNumber(L, "frexp", a, 0);
            if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
                return new Object[] {x, 0.0};
            }
            int e = Math.getExponent(x);
            double mant;
            if (e == Double.MIN_EXPONENT - 1) { // subnormal
                double y = x * 0x1p54;
                e = Math.getExponent(y) - 54;
                mant = y / Math.scalb(1.0, Math.getExponent(y) + 1);
            } else {
                mant = x / Math.scalb(1.0, e + 1);
            }
            return new Object[] {mant, (double) (e + 1)};
        });
        BaseLib.reg(m, "ldexp", (L, a) -> one(Math.scalb(checkNumber(L, "ldexp", a, 0),
                checkInt(L, "ldexp", a, 1))));
        BaseLib.reg(m, "min", (L, a) -> {
            double r = checkNumber(L, "min", a, 0);
            for (int i = 1; i < a.length; i++) {
                double d = checkNumber(L, "min", a, i);
                if (d < r) {
                    r = d;
                }
            }
            return one(r);
        });
        BaseLib.reg(m, "max", (L, a) -> {
            double r = checkNumber(L, "max", a, 0);
            for (int i = 1; i < a.length; i++) {
                double d = checkNumber(L, "max", a, i);
                if (d > r) {
                    r = d;
                }
            }
            return one(r);
        });
        BaseLib.reg(m, "random", (L, a) -> {
            double r = L.random.next();
            switch (a.length) {
                case 0 -> {
                    return one(r);
                }
                case 1 -> {
                    int u = checkInt(L, "random", a, 0);
                    if (u < 1) {
                        throw Args.argError(L, "random", 1, "interval is empty");
                    }
                    return one(Math.floor(r * u) + 1);
                }
                case 2 -> {
                    int l = checkInt(L, "random", a, 0);
                    int u = checkInt(L, "random", a, 1);
                    if (l > u) {
                        throw Args.argError(L, "random", 2, "interval is empty");
                    }
                    return one(Math.floor(r * (u - l + 1)) + l);
                }
                default -> throw L.error("wrong number of arguments");
            }
        });
        BaseLib.reg(m, "randomseed", (L, a) -> {
            L.random.seed(checkInt(L, "randomseed", a, 0));
            return LuaFunction.NONE;
        });
        m.rawset(LuaString.of("pi"), Math.PI);
        m.rawset(LuaString.of("huge"), Double.POSITIVE_INFINITY);
        st.globals().rawset(LuaString.of("math"), m);
    }
}
