package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStreamTest {
    private static byte[][] entry(String... fieldsAndValues) {
        byte[][] out = new byte[fieldsAndValues.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = fieldsAndValues[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static RedisStream filled(int n, String value) {
        RedisStream s = new RedisStream();
        for (int i = 1; i <= n; i++) {
            s.append(new StreamId(i, 0), entry("f", value));
        }
        return s;
    }

    @Test
    void idsOrderUnsignedAndStepAcrossTheSequence() {
        StreamId max = StreamId.MAX;
        assertThat(max.toString()).isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(new StreamId(1, 0).compareTo(max)).isNegative();
        assertThat(new StreamId(1, -1L).next()).isEqualTo(new StreamId(2, 0));
        assertThat(new StreamId(2, 0).previous()).isEqualTo(new StreamId(1, -1L));
        assertThat(max.next()).isNull();
        assertThat(StreamId.MIN.previous()).isNull();
    }

    @Test
    void nodesCloseAtOneHundredEntries() {
        RedisStream s = filled(250, "v");
        assertThat(s.nodeCount()).isEqualTo(3);
        assertThat(s.length()).isEqualTo(250);
        // "~" removes whole nodes only: 250 entries trimmed to about 120 keep two nodes (150 entries).
        assertThat(s.trim(true, 120, null, true, 10_000)).isEqualTo(100);
        assertThat(s.length()).isEqualTo(150);
        assertThat(s.firstId()).isEqualTo(new StreamId(101, 0));
        // Exact trimming flags entries inside the first remaining node.
        assertThat(s.trim(true, 120, null, false, 0)).isEqualTo(30);
        assertThat(s.nodeCount()).isEqualTo(2);
        assertThat(s.firstId()).isEqualTo(new StreamId(131, 0));
    }

    @Test
    void nodesCloseAtFourKilobytesOfListpack() {
        RedisStream s = filled(40, "x".repeat(300));
        // An entry with a 300-byte value takes 312 listpack bytes: 13 of them fill a node (4096 bytes).
        assertThat(s.nodeCount()).isEqualTo(4);
    }

    @Test
    void rangesAndDeletesSkipTombstones() {
        RedisStream s = filled(10, "v");
        assertThat(s.delete(new StreamId(3, 0))).isTrue();
        assertThat(s.delete(new StreamId(3, 0))).isFalse();
        List<RedisStream.Entry> range = s.range(new StreamId(2, 0), new StreamId(5, 0), 0, false);
        assertThat(range).extracting(RedisStream.Entry::id)
                .containsExactly(new StreamId(2, 0), new StreamId(4, 0), new StreamId(5, 0));
        List<RedisStream.Entry> reverse = s.range(StreamId.MIN, StreamId.MAX, 2, true);
        assertThat(reverse).extracting(RedisStream.Entry::id).containsExactly(new StreamId(10, 0), new StreamId(9, 0));
        assertThat(s.length()).isEqualTo(9);
    }

    @Test
    void radixTreeNodeCountOfTheNodeKeys() {
        assertThat(new RedisStream().radixTreeNodes()).isEqualTo(1);
        assertThat(filled(1, "v").radixTreeNodes()).isEqualTo(2);
        // Keys 1-0 and 101-0 share 7 bytes, branch once, then each runs to a leaf.
        assertThat(filled(101, "v").radixTreeNodes()).isEqualTo(6);
    }

    @Test
    void copyIsIndependent() {
        RedisStream s = filled(3, "v");
        RedisStream.Group group = s.createGroup(entry("g")[0], StreamId.MIN, 0);
        RedisStream.Consumer consumer = group.createConsumer(entry("c")[0], 1);
        RedisStream.Nack nack = new RedisStream.Nack(consumer, 1, 1);
        group.pel.put(new StreamId(1, 0), nack);
        consumer.pel.put(new StreamId(1, 0), nack);
        RedisStream copy = s.copy();
        copy.delete(new StreamId(1, 0));
        copy.group(entry("g")[0]).pel.remove(new StreamId(1, 0));
        assertThat(s.length()).isEqualTo(3);
        assertThat(s.group(entry("g")[0]).pel.size()).isEqualTo(1);
        assertThat(copy.group(entry("g")[0]).pel.size()).isZero();
        assertThat(copy.group(entry("g")[0]).consumer(entry("c")[0]).pel.size()).isEqualTo(1);
    }
}
