package io.github.primkit.server.internal.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code lua/*.lua} test program and compares what it prints with the checked-in {@code .expected} file,
 * which was produced by the reference Lua 5.1.5 interpreter with the chunk named {@code @user_script} (an error
 * escaping the program prints {@code ERROR: message}). Programs avoid what legitimately differs (table addresses,
 * the order of {@code pairs} over hash keys).
 */
class LuaProgramsTest {
    static Stream<String> programs() throws IOException, URISyntaxException {
        URL dir = LuaProgramsTest.class.getResource("/lua");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lua"))
                    .sorted().toList();
            return names.stream();
        }
    }

    static String read(String resource) throws IOException {
        try (InputStream in = LuaProgramsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String run(byte[] source) {
        StringBuilder out = new StringBuilder();
        LuaState st = new LuaState().openLibraries();
        st.setOutput(out);
        try {
            LuaFunction f = st.load(source, "@user_script");
            st.call(f);
        } catch (LuaError e) {
            out.append("ERROR: ").append(e.getMessage()).append('\n');
        } finally {
            st.closeCoroutines();
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void printsWhatLua51Prints(String name) throws IOException {
        String source = read("/lua/" + name);
        String expected = read("/lua/" + name.replace(".lua", ".expected"));
        assertThat(run(source.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }
}
