package io.github.primkit.server.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Flag;
import io.github.primkit.server.internal.engine.KeyFinder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySpecsTest {
    @Test
    void everyCommandWithKeyPositionsHasKeySpecsAndNoOtherDoes() {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (CommandSpec command : StandardCommands.table().all()) {
            List<CommandSpec> specs = new ArrayList<>(command.subcommands().values());
            specs.add(command);
            for (CommandSpec spec : specs) {
                boolean declaresKeys = spec.firstKey() != 0 || spec.has(Flag.MOVABLE_KEYS);
                if (declaresKeys && !KeyFinder.hasKeys(spec)) {
                    missing.add(spec.fullName());
                }
                if (!declaresKeys && KeyFinder.hasKeys(spec)) {
                    extra.add(spec.fullName());
                }
            }
        }
        assertThat(missing).as("commands with key positions but no key specs").isEmpty();
        assertThat(extra).as("commands with key specs but no key positions").isEmpty();
    }

    @Test
    void atoiReadsLikeC() {
        assertThat(KeyFinder.atoi(bytes(" 12x"))).isEqualTo(12);
        assertThat(KeyFinder.atoi(bytes("-3"))).isEqualTo(-3);
        assertThat(KeyFinder.atoi(bytes("+4"))).isEqualTo(4);
        assertThat(KeyFinder.atoi(bytes("x1"))).isZero();
        assertThat(KeyFinder.atoi(bytes(""))).isZero();
        assertThat(KeyFinder.atoi(bytes("4294967297"))).isEqualTo(1);
        assertThat(KeyFinder.atoi(bytes("99999999999999999999"))).isEqualTo(-1);
        assertThat(KeyFinder.atoi(bytes("-99999999999999999999"))).isZero();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
