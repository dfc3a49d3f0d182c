package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A key expires once the clock is past its expiry time, not at it: Redis's {@code now > when}. */
class DatabaseExpiryTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

    private final Database db = new Database(0, KeyHooks.NONE);

    @Test
    void aKeyIsStillThereAtItsExpiryMillisecondAndGoneOneLater() {
        db.add(KEY, VALUE);
        assertThat(db.setExpireAt(KEY, 1_000, 900)).isTrue();
        assertThat(db.get(KEY, 1_000)).isSameAs(VALUE);
        assertThat(db.get(KEY, 1_001)).isNull();
        assertThat(db.expiredKeys()).isEqualTo(1);
    }

    @Test
    void theActiveCycleSparesAKeyAtItsExpiryMillisecond() {
        db.add(KEY, VALUE);
        db.setExpireAt(KEY, 1_000, 900);
        assertThat(db.expireCycle(1_000, new Random(1), Long.MAX_VALUE)).isZero();
        assertThat(db.expireCycle(1_001, new Random(1), Long.MAX_VALUE)).isEqualTo(1);
        assertThat(db.size()).isZero();
    }

    @Test
    void settingAnExpiryTimeThatIsNotInTheFutureDeletesAtOnce() {
        db.add(KEY, VALUE);
        assertThat(db.setExpireAt(KEY, 1_000, 1_000)).isTrue();
        assertThat(db.get(KEY, 1_000)).isNull();
    }
}
