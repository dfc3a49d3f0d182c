package io.github.primkit.server.internal.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Java surface the scripting layer builds on: values, tables, loading, calling, conversions. */
class LuaContractTest {
    static LuaString s(String v) {
        return LuaString.of(v);
    }

    @Test
    void stringsAreBinaryAndComparedByContent() {
        byte[] raw = {0, (byte) 0xff, 'a'};
        LuaString a = LuaString.of(raw);
        raw[0] = 1; // copied
        assertThat(a.bytes()).containsExactly(0, (byte) 0xff, 'a');
        assertThat(a).isEqualTo(LuaString.of(new byte[] {0, (byte) 0xff, 'a'}));
        assertThat(a.hashCode()).isEqualTo(LuaString.of(new byte[] {0, (byte) 0xff, 'a'}).hashCode());
        assertThat(a.length()).isEqualTo(3);
        assertThat(s("héllo").toString()).isEqualTo("héllo");
    }

    @Test
    void tablesNormaliseIntegerKeysAndDeleteOnNil() {
        LuaTable t = new LuaTable();
        t.rawset(1.0, s("a"));
        t.rawset(2.0, s("b"));
        t.rawset(s("k"), s("v"));
        t.rawset(-0.0, s("zero"));
        assertThat(t.get(1.0)).isEqualTo(s("a"));
        assertThat(t.rawget(0.0)).isEqualTo(s("zero"));
        assertThat(t.length()).isEqualTo(2);
        t.rawset(2.0, null);
        assertThat(t.length()).isEqualTo(1);
        t.rawset(s("k"), null);
        assertThat(t.rawget(s("k"))).isNull();
        assertThatThrownBy(() -> t.rawset(null, 1.0)).isInstanceOf(LuaError.class).hasMessage("table index is nil");
        assertThatThrownBy(() -> t.rawset(Double.NaN, 1.0)).isInstanceOf(LuaError.class)
                .hasMessage("table index is NaN");
    }

    @Test
    void tablesBehaveLikeAMapUnderRandomOperationsAndNextVisitsEveryKeyOnce() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        LuaTable t = new LuaTable();
        Map<Object, Object> model = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            Object key = random.nextBoolean() ? (Object) (double) (random.nextInt(300) - 20) : s("k" + random.nextInt(300));
            Object value = random.nextInt(4) == 0 ? null : (double) step;
            t.rawset(key, value);
            if (value == null) {
                model.remove(key);
            } else {
                model.put(key, value);
            }
            if (step % 1000 == 0) {
                Map<Object, Object> seen = new HashMap<>();
                for (Object[] kv = t.next(null); kv != null; kv = t.next(kv[0])) {
                    assertThat(seen.put(kv[0], kv[1])).as("seed %d: key %s twice", seed, kv[0]).isNull();
                }
                assertThat(seen).as("seed %d step %d", seed, step).isEqualTo(model);
                int n = t.length();
                assertThat(n == 0 || t.rawget((double) n) != null).as("seed %d border", seed).isTrue();
                assertThat(t.rawget((double) (n + 1))).as("seed %d border", seed).isNull();
            }
        }
    }

    @Test
    void loadAndCallWithArgumentsAndResults() {
        LuaState st = new LuaState().openLibraries();
        LuaFunction f = st.load("local a, b = ... return a + b, a .. b, ...".getBytes(StandardCharsets.UTF_8),
                "@user_script");
        assertThat(st.call(f, 1.0, 2.0)).containsExactly(3.0, s("12"), 1.0, 2.0);
        LuaFunction add = LuaFunction.of("add", (state, args) -> new Object[] {(Double) args[0] + (Double) args[1]});
        st.globals().rawset(s("add"), add);
        assertThat(st.call(st.load("return add(40, 2)".getBytes(StandardCharsets.UTF_8), "@user_script")))
                .containsExactly(42.0);
    }

    @Test
    void syntaxErrorsUseLuasTexts() {
        LuaState st = new LuaState().openLibraries();
        assertThatThrownBy(() -> st.load("x".getBytes(StandardCharsets.UTF_8), "@user_script"))
                .isInstanceOf(LuaError.class).hasMessage("user_script:1: '=' expected near '<eof>'");
        assertThatThrownBy(() -> st.load("local x = ".getBytes(StandardCharsets.UTF_8), "@user_script"))
                .hasMessage("user_script:1: unexpected symbol near '<eof>'");
        assertThatThrownBy(() -> st.load("function f()\n".getBytes(StandardCharsets.UTF_8), "@user_script"))
                .hasMessage("user_script:2: 'end' expected (to close 'function' at line 1) near '<eof>'");
    }

    @Test
    void runtimeErrorsCarryTheirLuaValue() {
        LuaState st = new LuaState().openLibraries();
        LuaTable err = new LuaTable();
        st.globals().rawset(s("e"), err);
        assertThatThrownBy(() -> st.call(st.load("error(e)".getBytes(StandardCharsets.UTF_8), "@user_script")))
                .isInstanceOfSatisfying(LuaError.class, e -> assertThat(e.value()).isSameAs(err));
        assertThatThrownBy(() -> st.call(st.load("local t = nil\nreturn t.x".getBytes(StandardCharsets.UTF_8),
                "@user_script"))).hasMessage("user_script:2: attempt to index local 't' (a nil value)");
    }

    @Test
    void conversions() {
        LuaState st = new LuaState();
        assertThat(st.tostring(3.0)).isEqualTo("3");
        assertThat(st.tostring(0.1)).isEqualTo("0.1");
        assertThat(st.tostring(1e100)).isEqualTo("1e+100");
        assertThat(st.tostring(null)).isEqualTo("nil");
        assertThat(st.tonumber(s(" 0x1f "))).isEqualTo(31.0);
        assertThat(st.tonumber(s("1e2"))).isEqualTo(100.0);
        assertThat(st.tonumber(s("12abc"))).isNull();
        assertThat(st.tonumber(s("-7.25"))).isEqualTo(-7.25);
        assertThat(st.tonumber(Boolean.TRUE)).isNull();
    }

    @Test
    void readonlyTablesRejectWritesFromLua() {
        LuaState st = new LuaState().openLibraries();
        LuaTable lib = new LuaTable();
        lib.rawset(s("x"), 1.0);
        lib.setReadonly(true);
        st.globals().rawset(s("lib"), lib);
        for (String src : new String[] {"lib.x = 2", "lib.y = 2", "rawset(lib, 'y', 1)", "table.insert(lib, 1)",
            "setmetatable(lib, {})"}) {
            assertThatThrownBy(() -> st.call(st.load(src.getBytes(StandardCharsets.UTF_8), "@user_script")))
                    .as(src).isInstanceOf(LuaError.class).hasMessageContaining("Attempt to modify a readonly table");
        }
        assertThat(lib.rawget(s("x"))).isEqualTo(1.0);
    }

    @Test
    void theRandomGeneratorIsReplaceable() {
        LuaState st = new LuaState().openLibraries();
        st.setRandomSource(new RandomSource() {
            @Override
            public double next() {
                return 0.5;
            }

            @Override
            public void seed(int n) {
            }
        });
        assertThat(st.call(st.load("return math.random(), math.random(10), math.random(3, 5)"
                .getBytes(StandardCharsets.UTF_8), "@user_script"))).containsExactly(0.5, 6.0, 4.0);
    }
}
