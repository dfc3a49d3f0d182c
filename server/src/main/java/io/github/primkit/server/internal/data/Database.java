package io.github.primkit.server.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One of the numbered databases: the keyspace and the expiry times of the keys that have one.
 *
 * <p>Values are {@code byte[]} for strings and {@link RedisHash}, {@link RedisList}, {@link RedisSet} for the other
 * types. A key past its expiry time is deleted when it is next looked up (lazy expiry) or by {@link #expireCycle}
 * (active expiry). Every change goes through {@link KeyHooks#modified} so WATCH sees it; commands that change a value
 * in place call {@link #modified(byte[])} themselves. Owned by the event loop: not thread-safe.
 */
public final class Database {
    private final int index;
    private final KeyHooks hooks;
    private final ByteKeyMap<Object> data = new ByteKeyMap<>();
    private final ByteKeyMap<Long> expires = new ByteKeyMap<>();
    private long expiredKeys;

    public Database(int index, KeyHooks hooks) {
        this.index = index;
        this.hooks = hooks;
    }

    public int index() {
        return index;
    }

    public int size() {
        return data.size();
    }

    public int expiresCount() {
        return expires.size();
    }

    /** Keys removed because their time had come, since start. */
    public long expiredKeys() {
        return expiredKeys;
    }

    /** The live value of {@code key}, deleting it first if it has expired. */
    public Object get(byte[] key, long now) {
        Object value = data.get(key);
        if (value != null && expires.size() > 0) {
            Long at = expires.get(key);
            if (at != null && at < now) {
                expire(key);
                return null;
            }
        }
        return value;
    }

    public boolean exists(byte[] key, long now) {
        return get(key, now) != null;
    }

    /** Sets the value and drops any expiry time (SET's semantics). */
    public void set(byte[] key, Object value) {
        if (expires.size() > 0) {
            expires.remove(key);
        }
        data.put(key, value); // an existing entry keeps its stored key array, which the expiry table may share
        hooks.modified(index, key);
    }

    /** Sets the value, keeping the key's expiry time if it has one (SET KEEPTTL, in-place updates). */
    public void setKeepTtl(byte[] key, Object value) {
        data.put(key, value);
        hooks.modified(index, key);
    }

    /** Adds a new key (the caller knows it does not exist). */
    public void add(byte[] key, Object value) {
        data.put(key, value);
        hooks.modified(index, key);
    }

    /** Deletes the key; true if it existed (expired keys count as absent). */
    public boolean delete(byte[] key, long now) {
        if (get(key, now) == null) {
            return false;
        }
        data.remove(key);
        expires.remove(key);
        hooks.modified(index, key);
        return true;
    }

    /** Removes a key whose value became empty (an aggregate type never exists empty). */
    public void deleteEmptied(byte[] key) {
        data.remove(key);
        expires.remove(key);
        hooks.modified(index, key);
    }

    private void expire(byte[] key) {
        data.remove(key);
        expires.remove(key);
        expiredKeys++;
        hooks.modified(index, key);
    }

    /** The expiry time (unix ms) or -1 if the key has none. The key must exist. */
    public long expireAt(byte[] key) {
        Long at = expires.get(key);
        return at == null ? -1 : at;
    }

    /** Sets the expiry time of an existing key; a time already past deletes it. Returns false if it is absent. */
    public boolean setExpireAt(byte[] key, long at, long now) {
        byte[] stored = data.storedKey(key);
        if (stored == null || get(key, now) == null) {
            return false;
        }
        if (at <= now) {
            data.remove(key);
            expires.remove(key);
            hooks.modified(index, key);
            return true;
        }
        expires.put(stored, at);
        hooks.modified(index, key);
        return true;
    }

    /** Removes the expiry time; true if there was one. */
    public boolean persist(byte[] key, long now) {
        if (get(key, now) == null || expires.remove(key) == null) {
            return false;
        }
        hooks.modified(index, key);
        return true;
    }

    /** Called by commands that changed a value in place. */
    public void modified(byte[] key) {
        hooks.modified(index, key);
    }

    /** Called by commands that added elements blocked clients may wait for. */
    public void ready(byte[] key) {
        hooks.ready(index, key);
    }

    /** Deletes every key. */
    public void flush() {
        List<byte[]> all = keys();
        data.clear();
        expires.clear();
        for (byte[] key : all) {
            hooks.modified(index, key);
        }
    }

    /** Every key, expired ones included (callers check liveness). */
    public List<byte[]> keys() {
        List<byte[]> all = new ArrayList<>(data.size());
        data.forEach((k, v) -> all.add(k));
        return all;
    }

    /** One SCAN step over the keyspace; expired keys are skipped. */
    public long scan(long cursor, int count, long now, java.util.function.BiConsumer<byte[], Object> action) {
        List<byte[]> seen = new ArrayList<>();
        long next = data.scan(cursor, count, (k, v) -> seen.add(k));
        for (byte[] key : seen) {
            Object value = get(key, now);
            if (value != null) {
                action.accept(key, value);
            }
        }
        return next;
    }

    public byte[] randomKey(Random random, long now) {
        for (int attempt = 0; attempt < 100 && data.size() > 0; attempt++) {
            byte[] key = data.randomKey(random);
            if (get(key, now) != null) {
                return key;
            }
        }
        return null;
    }

    /**
     * Active expiry, Redis's way: sample up to 20 keys that have an expiry time, delete the expired ones, and repeat
     * while more than a quarter of a sample was expired and the time budget lasts. Returns how many were deleted.
     */
    public int expireCycle(long now, Random random, long deadlineNanos) {
        int deleted = 0;
        while (expires.size() > 0) {
            int sampled = 0;
            int expired = 0;
            for (int i = 0; i < 20 && expires.size() > 0; i++) {
                byte[] key = expires.randomKey(random);
                sampled++;
                Long at = expires.get(key);
                if (at != null && at < now) {
                    expire(key);
                    expired++;
                }
            }
            deleted += expired;
            if (expired * 4 <= sampled || System.nanoTime() > deadlineNanos) {
                break;
            }
        }
        return deleted;
    }
}
