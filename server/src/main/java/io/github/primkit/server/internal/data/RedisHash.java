package io.github.primkit.server.internal.data;

/**
 * A hash value: field to value.
 *
 * <p>It also tracks the encoding Redis would give the same hash, because that encoding is visible to clients: Redis
 * keeps a small hash (at most {@value #MAX_LISTPACK_ENTRIES} fields, no field or value longer than
 * {@value #MAX_LISTPACK_VALUE} bytes) as a compact "listpack", and HSCAN returns a listpack whole, in one call with
 * cursor 0, whatever COUNT says. Once a hash outgrows those bounds it becomes a hash table for good, even if it
 * shrinks again. Change fields through {@link #put} so the encoding follows; reading {@link #fields} directly is fine.
 */
public final class RedisHash {
    /** Redis's default {@code hash-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 512;
    /** Redis's default {@code hash-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    public final ByteKeyMap<byte[]> fields = new ByteKeyMap<>(4);
    private boolean compact = true;

    public int size() {
        return fields.size();
    }

    public byte[] get(byte[] field) {
        return fields.get(field);
    }

    /** Sets a field; true if it is new. */
    public boolean put(byte[] field, byte[] value) {
        if (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE) {
            compact = false;
        }
        boolean added = fields.put(field, value) == null;
        if (fields.size() > MAX_LISTPACK_ENTRIES) {
            compact = false;
        }
        return added;
    }

    /** Removes a field; true if it existed. */
    public boolean remove(byte[] field) {
        return fields.remove(field) != null;
    }

    /**
     * Called before a command sets {@code pairs} fields at once: like Redis, more pairs than a listpack may hold make
     * the hash a hash table up front, even if some of them repeat a field.
     */
    public void expectPairs(long pairs) {
        if (pairs > MAX_LISTPACK_ENTRIES) {
            compact = false;
        }
    }

    /** Whether Redis would keep this hash as a listpack (HSCAN then returns it whole). */
    public boolean compact() {
        return compact;
    }

    /** {@code listpack} or {@code hashtable}, as OBJECT ENCODING names them. */
    public String encodingName() {
        return compact ? "listpack" : "hashtable";
    }

    /** An independent copy with the same encoding (COPY). */
    public RedisHash copy() {
        RedisHash copy = new RedisHash();
        fields.forEach(copy.fields::put);
        copy.compact = compact;
        return copy;
    }
}
