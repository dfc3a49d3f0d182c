package io.github.primkit.server.internal.data;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * A hash value: field to value.
 *
 * <p>It also tracks the encoding Redis would give the same hash, because that encoding is visible to clients: Redis
 * keeps a small hash (at most {@value #MAX_LISTPACK_ENTRIES} fields, no field or value longer than
 * {@value #MAX_LISTPACK_VALUE} bytes) as a compact "listpack", and HSCAN returns a listpack whole, in one call with
 * cursor 0, whatever COUNT says. Once a hash outgrows those bounds it becomes a hash table for good, even if it
 * shrinks again. A listpack keeps its fields in insertion order (an update keeps a field's place, a delete closes
 * the gap), and HGETALL, HKEYS, HVALS and HSCAN answer in that order, so this class remembers it while the hash is
 * compact ({@link #forEach}). Change fields through {@link #put} and {@link #remove} so encoding and order follow;
 * looking fields up in {@link #fields} directly is fine, iterate with {@link #forEach}.
 */
public final class RedisHash {
    /** Redis's default {@code hash-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 512;
    /** Redis's default {@code hash-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    public final ByteKeyMap<byte[]> fields = new ByteKeyMap<>(4);
    private boolean compact = true;
    /** The fields in listpack order while compact, null once the hash is a hash table. */
    private InsertionOrder order = new InsertionOrder();

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
        if (!compact) {
            order = null;
        } else if (added) {
            order.add(field);
        }
        return added;
    }

    /** Removes a field; true if it existed. */
    public boolean remove(byte[] field) {
        boolean removed = fields.remove(field) != null;
        if (removed && order != null) {
            order.remove(field);
        }
        return removed;
    }

    /** Every field and its value, in the order Redis answers: insertion order while compact. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (order == null) {
            fields.forEach(action);
            return;
        }
        order.forEach(field -> action.accept(field, fields.get(field)));
    }

    /** {@code some} of this hash's fields, put in the order Redis would answer them (listpack order while compact). */
    public List<byte[]> inAnswerOrder(List<byte[]> some) {
        return order == null ? some : order.sort(some);
    }

    /**
     * Called before a command sets {@code pairs} fields at once: like Redis, more pairs than a listpack may hold make
     * the hash a hash table up front, even if some of them repeat a field.
     */
    public void expectPairs(long pairs) {
        if (pairs > MAX_LISTPACK_ENTRIES) {
            compact = false;
            order = null;
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
        copy.order = order == null ? null : order.copy();
        return copy;
    }
}
