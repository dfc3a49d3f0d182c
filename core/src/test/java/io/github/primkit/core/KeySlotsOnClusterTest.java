package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.testing.RedisBackends;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slot Primkit computes for a group is the slot the real Cluster computes for each of its keys. */
@RedisBackends(only = "cluster")
class KeySlotsOnClusterTest {
    @Test
    void groupSlotMatchesClusterKeyslotForEveryKey(RedisClusterCommands<String, String> redis) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        KeyNamespace namespace = KeyNamespace.of("orders");
        for (int i = 0; i < 200; i++) {
            String id = Long.toString(random.nextLong(), 36) + (i % 3 == 0 ? "}{" : "") + (i % 5 == 0 ? "%" : "");
            KeyGroup group = namespace.group(id);
            for (String part : new String[] {"lock", "fence", "queue:pending"}) {
                assertThat(redis.clusterKeyslot(group.key(part)).intValue())
                        .as("seed %d, id %s", seed, id).isEqualTo(group.slot());
            }
        }
    }
}
