package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyNamespaceTest {
    @Test
    void groupKeysShareTheHashTagThatCombinesNamespaceAndId() {
        KeyGroup group = KeyNamespace.of("orders").group("42");
        assertThat(group.hashTag()).isEqualTo("{orders:42}");
        assertThat(group.key("lock")).isEqualTo("{orders:42}:lock");
        assertThat(group.key("fence")).isEqualTo("{orders:42}:fence");
        assertThat(KeyNamespace.of("orders").key("42")).isEqualTo("orders:42");
    }

    @Test
    void everyKeyOfAGroupHashesToTheGroupsSlotWhateverTheId() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        KeyNamespace namespace = KeyNamespace.of("billing:locks");
        String alphabet = "ab{}%:xyz09 \u00e9\u4e2d";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            KeyGroup group = namespace.group(id.toString());
            for (String part : new String[] {"lock", "fence", "x}y", "{z"}) {
                assertThat(io.lettuce.core.cluster.SlotHash.getSlot(group.key(part)))
                        .as("seed %d, id \"%s\", part %s", seed, id, part)
                        .isEqualTo(group.slot());
            }
        }
    }

    @Test
    void distinctIdsGiveDistinctTagsEvenWithBracesAndPercentSigns() {
        KeyNamespace namespace = KeyNamespace.of("n");
        String[] ids = {"a}b", "a%7Db", "a%b", "a%25b", "{", "}", "%7B", "%7D", "%", "%25", "a{b}", "a%7Bb%7D"};
        Set<String> tags = new HashSet<>();
        for (String id : ids) {
            String tag = namespace.group(id).hashTag();
            assertThat(tag.substring(1, tag.length() - 1)).doesNotContain("{", "}");
            tags.add(tag);
        }
        assertThat(tags).hasSameSizeAs(ids);
    }

    @Test
    void refusesNamespacesThatWouldBreakHashTags() {
        assertThatThrownBy(() -> KeyNamespace.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("namespace must not be null");
        assertThatThrownBy(() -> KeyNamespace.of("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must not be blank, was \"  \"");
        for (String bad : new String[] {"a{b", "a}b", "a b", "a\tb", "a\u0000b"}) {
            assertThatThrownBy(() -> KeyNamespace.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("namespace must not contain");
        }
    }

    @Test
    void refusesEmptyIdsAndBlankParts() {
        KeyNamespace namespace = KeyNamespace.of("orders");
        assertThatThrownBy(() -> namespace.group("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must not be empty");
        assertThatThrownBy(() -> namespace.group(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("id must not be null");
        assertThatThrownBy(() -> namespace.key("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must not be empty");
        assertThatThrownBy(() -> namespace.group("1").key(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("part must not be blank, was \" \"");
    }

    @Test
    void valueSemantics() {
        assertThat(KeyNamespace.of("a")).isEqualTo(KeyNamespace.of("a")).hasSameHashCodeAs(KeyNamespace.of("a"));
        assertThat(KeyNamespace.of("a").group("1")).isEqualTo(KeyNamespace.of("a").group("1"));
        assertThat(KeyNamespace.of("a").group("1")).isNotEqualTo(KeyNamespace.of("a").group("2"));
    }
}
