package io.github.primkit.server.internal.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream value: entries ordered by {@link StreamId}, plus consumer groups.
 *
 * <p><b>Layout.</b> Entries live in nodes kept in a {@link TreeMap} by the ID of their first entry, the way Redis keeps
 * listpacks in a radix tree: finding an ID is a floor lookup among nodes plus a binary search inside one node, so
 * ranges cost O(log N + M). A node is closed, and the next entry starts a new one, exactly when Redis would close its
 * listpack: at {@value #NODE_MAX_ENTRIES} entries (live plus deleted, {@code stream-node-max-entries}) or when the
 * listpack would reach {@value #NODE_MAX_BYTES} bytes ({@code stream-node-max-bytes}); for that, each node tracks
 * the size Redis's listpack encoding would give it (integers and integer-looking strings encoded compactly, entries
 * whose fields repeat the node's first entry stored without their field names). This matters because clients see
 * node boundaries: {@code ~} trimming removes whole nodes only, so XLEN after {@code MAXLEN ~} depends on them, and
 * XINFO STREAM reports the node count.
 *
 * <p>Deleted entries stay in their node flagged as deleted (Redis's tombstones) until the node empties; they still
 * count toward the node's capacity. The stream also keeps Redis's counters: last generated ID, first entry ID, the
 * largest deleted ID and the number of entries ever added, from which consumer-group lag is derived.
 *
 * <p><b>Consumer groups.</b> Each group has a last-delivered ID, an entries-read counter ({@link #INVALID_READS} when
 * unknown), a pending entries list (PEL, a {@link PendingList}) of {@link Nack}s ordered by ID, and consumers, each
 * with its own PEL sharing the same {@link Nack} objects. Owned by the event loop: not thread-safe.
 */
public final class RedisStream {
    public static final int NODE_MAX_ENTRIES = 100;
    public static final int NODE_MAX_BYTES = 4096;
    /** Redis's SCG_INVALID_ENTRIES_READ. */
    public static final long INVALID_READS = -1;

    /** One node (a Redis listpack): entries in ID order, some possibly flagged deleted. */
    static final class Node {
        final long masterMs;
        final long masterSeq;
        final byte[][] masterFields;
        long[] ms = new long[8];
        long[] seq = new long[8];
        byte[][][] values = new byte[8][][];
        boolean[] deleted = new boolean[8];
        int size;
        int live;
        int bytes;

        Node(long masterMs, long masterSeq, byte[][] masterFields) {
            this.masterMs = masterMs;
            this.masterSeq = masterSeq;
            this.masterFields = masterFields;
            int master = 2 + 2 + intSize(masterFields.length) + 2; // count, deleted, num-fields, ..., terminator
            for (byte[] field : masterFields) {
                master += stringSize(field);
            }
            this.bytes = 6 + 1 + master; // header, end byte
        }

        void add(long idMs, long idSeq, byte[][] fieldsAndValues, int entryBytes) {
            if (size == ms.length) {
                int n = Math.min(NODE_MAX_ENTRIES, size * 2);
                ms = java.util.Arrays.copyOf(ms, n);
                seq = java.util.Arrays.copyOf(seq, n);
                values = java.util.Arrays.copyOf(values, n);
                deleted = java.util.Arrays.copyOf(deleted, n);
            }
            ms[size] = idMs;
            seq[size] = idSeq;
            values[size] = fieldsAndValues;
            size++;
            live++;
            bytes += entryBytes;
        }

        /** Index of the first entry with an ID >= the given one (size if none). */
        int lowerBound(long idMs, long idSeq) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (StreamId.compare(ms[mid], seq[mid], idMs, idSeq) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        StreamId id(int i) {
            return new StreamId(ms[i], seq[i]);
        }

        boolean sameFieldsAsMaster(byte[][] fieldsAndValues) {
            if (fieldsAndValues.length != masterFields.length * 2) {
                return false;
            }
            for (int i = 0; i < masterFields.length; i++) {
                if (!java.util.Arrays.equals(masterFields[i], fieldsAndValues[2 * i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A group or consumer name as a map key, ordered as unsigned bytes (Redis's radix tree order). */
    public record Name(byte[] value) implements Comparable<Name> {
        @Override
        public boolean equals(Object other) {
            return other instanceof Name that && java.util.Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public int compareTo(Name other) {
            return java.util.Arrays.compareUnsigned(value, other.value);
        }

        @Override
        public String toString() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A stream entry as commands see it. */
    public record Entry(StreamId id, byte[][] fieldsAndValues) {
    }

    /** A pending entry: delivered to a consumer and not acknowledged yet. */
    public static final class Nack {
        public Consumer consumer;
        public long deliveryTime;
        public long deliveryCount;

        public Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }

    /** A consumer of a group. */
    public static final class Consumer {
        public final byte[] name;
        public final PendingList pel = new PendingList();
        public long seenTime;
        public long activeTime = -1;

        public Consumer(byte[] name, long now) {
            this.name = name;
            this.seenTime = now;
        }
    }

    /** A consumer group. */
    public static final class Group {
        public StreamId lastId;
        public long entriesRead;
        public final PendingList pel = new PendingList();
        public final TreeMap<Name, Consumer> consumers = new TreeMap<>();

        public Group(StreamId lastId, long entriesRead) {
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }

        public Consumer consumer(byte[] name) {
            return consumers.get(new Name(name));
        }

        /** Creates the consumer; null if it exists. */
        public Consumer createConsumer(byte[] name, long now) {
            Name key = new Name(name);
            if (consumers.containsKey(key)) {
                return null;
            }
            Consumer consumer = new Consumer(name, now);
            consumers.put(key, consumer);
            return consumer;
        }

        /** Deletes a consumer and its pending entries; returns how many it had. */
        public int deleteConsumer(Consumer consumer) {
            int pending = consumer.pel.size();
            for (PendingList.Cursor p = consumer.pel.cursorAtFirst(); p.valid(); p.next()) {
                pel.remove(p.ms(), p.seq());
            }
            consumers.remove(new Name(consumer.name));
            return pending;
        }
    }

    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();
    private long length;
    private StreamId firstId = StreamId.MIN;
    private StreamId lastId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private TreeMap<Name, Group> groups;

    public long length() {
        return length;
    }

    public StreamId firstId() {
        return firstId;
    }

    public StreamId lastId() {
        return lastId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public void lastId(StreamId id) {
        lastId = id;
    }

    public void entriesAdded(long n) {
        entriesAdded = n;
    }

    public void maxDeletedId(StreamId id) {
        maxDeletedId = id;
    }

    // ---- Appending ---------------------------------------------------------------------------------------------

    /** Appends an entry with an ID the caller checked to be greater than {@link #lastId()}. */
    public void append(StreamId id, byte[][] fieldsAndValues) {
        long rawLength = 0;
        for (byte[] part : fieldsAndValues) {
            rawLength += part.length;
        }
        Map.Entry<StreamId, Node> tailEntry = nodes.lastEntry();
        Node tail = tailEntry == null ? null : tailEntry.getValue();
        if (tail != null && (tail.bytes + rawLength >= NODE_MAX_BYTES || tail.size >= NODE_MAX_ENTRIES)) {
            tail = null;
        }
        boolean same;
        if (tail == null) {
            byte[][] fields = new byte[fieldsAndValues.length / 2][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = fieldsAndValues[2 * i];
            }
            tail = new Node(id.ms(), id.seq(), fields);
            nodes.put(id, tail);
            same = true;
        } else {
            same = tail.sameFieldsAsMaster(fieldsAndValues);
        }
        int numFields = fieldsAndValues.length / 2;
        int entryBytes = 2 + intSize(id.ms() - tail.masterMs) + intSize(id.seq() - tail.masterSeq);
        int lpCount = numFields + 3;
        if (!same) {
            entryBytes += intSize(numFields);
            lpCount += numFields + 1;
        }
        for (int i = 0; i < fieldsAndValues.length; i++) {
            if (!same || (i & 1) == 1) {
                entryBytes += stringSize(fieldsAndValues[i]);
            }
        }
        entryBytes += intSize(lpCount);
        if (same) {
            for (int i = 0; i < numFields; i++) {
                fieldsAndValues[2 * i] = tail.masterFields[i]; // share the field names, as the listpack does
            }
        }
        tail.add(id.ms(), id.seq(), fieldsAndValues, entryBytes);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) {
            firstId = id;
        }
    }

    /** The size of an integer in a listpack, its back-length byte included. */
    static int intSize(long v) {
        if (v >= 0 && v <= 127) {
            return 2;
        } else if (v >= -4096 && v <= 4095) {
            return 3;
        } else if (v >= -32768 && v <= 32767) {
            return 4;
        } else if (v >= -8388608 && v <= 8388607) {
            return 5;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 6;
        }
        return 10;
    }

    /** The size of a string in a listpack: an integer if it reads as one (strictly), else length-prefixed. */
    static int stringSize(byte[] s) {
        Long asInteger = strictLong(s);
        if (asInteger != null) {
            return intSize(asInteger);
        }
        int length = s.length;
        int encoded = length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
        int backLength = encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
        return encoded + backLength;
    }

    /** Redis's string2ll: no spaces, sign only '-', no leading zeros, within 64 bits. */
    static Long strictLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative && ++i == n) {
            return null;
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long value = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return negative && value == 922337203685477580L && d == 8 && i == n - 1 ? Long.MIN_VALUE : null;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    // ---- Reading -----------------------------------------------------------------------------------------------

    /** Visits entries (not deleted) from {@code start} to {@code end} inclusive, ascending or descending. */
    public interface Visitor {
        /** Returns false to stop. */
        boolean visit(Node node, int index);
    }

    /** Entries in [start, end], at most {@code count} of them (0 = no limit), in ascending or descending order. */
    public List<Entry> range(StreamId start, StreamId end, long count, boolean reverse) {
        List<Entry> out = new ArrayList<>();
        if (start.compareTo(end) > 0) {
            return out;
        }
        walk(start, end, reverse, (node, i) -> {
            out.add(new Entry(node.id(i), node.values[i]));
            return count == 0 || out.size() < count;
        });
        return out;
    }

    void walk(StreamId start, StreamId end, boolean reverse, Visitor visitor) {
        if (nodes.isEmpty()) {
            return;
        }
        if (!reverse) {
            StreamId from = nodes.floorKey(start);
            Iterator<Node> it = (from == null ? nodes : nodes.tailMap(from, true)).values().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Node node = it.next();
                int i = first ? node.lowerBound(start.ms(), start.seq()) : 0;
                first = false;
                for (; i < node.size; i++) {
                    if (StreamId.compare(node.ms[i], node.seq[i], end.ms(), end.seq()) > 0) {
                        return;
                    }
                    if (!node.deleted[i] && !visitor.visit(node, i)) {
                        return;
                    }
                }
            }
        } else {
            StreamId from = nodes.floorKey(end);
            if (from == null) {
                return;
            }
            Iterator<Node> it = nodes.headMap(from, true).descendingMap().values().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Node node = it.next();
                int i = first ? upperIndex(node, end) : node.size - 1;
                first = false;
                for (; i >= 0; i--) {
                    if (StreamId.compare(node.ms[i], node.seq[i], start.ms(), start.seq()) < 0) {
                        return;
                    }
                    if (!node.deleted[i] && !visitor.visit(node, i)) {
                        return;
                    }
                }
            }
        }
    }

    /** Index of the last entry with an ID <= end (-1 if none). */
    private static int upperIndex(Node node, StreamId end) {
        StreamId next = end.next();
        return next == null ? node.size - 1 : node.lowerBound(next.ms(), next.seq()) - 1;
    }

    /** The entry with this ID, or null if absent or deleted. */
    public Entry get(StreamId id) {
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        if (e == null) {
            return null;
        }
        Node node = e.getValue();
        int i = node.lowerBound(id.ms(), id.seq());
        if (i < node.size && node.ms[i] == id.ms() && node.seq[i] == id.seq() && !node.deleted[i]) {
            return new Entry(id, node.values[i]);
        }
        return null;
    }

    public boolean exists(StreamId id) {
        return get(id) != null;
    }

    /** The first (or last) entry that is not deleted, or null when the stream is empty. */
    public Entry edge(boolean first) {
        List<Entry> one = first ? range(StreamId.MIN, StreamId.MAX, 1, false) : range(StreamId.MIN, StreamId.MAX, 1, true);
        return one.isEmpty() ? null : one.get(0);
    }

    /** The ID of the last entry that is not deleted (Redis's streamLastValidID); 0-0 when empty. */
    public StreamId lastValidId() {
        Entry last = edge(false);
        return last == null ? StreamId.MIN : last.id();
    }

    // ---- Deleting and trimming -----------------------------------------------------------------------------------

    /** Deletes one entry (XDEL); true if it existed. Does not update the first ID or the max deleted ID. */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        if (e == null) {
            return false;
        }
        Node node = e.getValue();
        int i = node.lowerBound(id.ms(), id.seq());
        if (i >= node.size || node.ms[i] != id.ms() || node.seq[i] != id.seq() || node.deleted[i]) {
            return false;
        }
        if (node.live == 1) {
            nodes.remove(e.getKey());
        } else {
            node.deleted[i] = true;
            node.values[i] = null;
            node.live--;
        }
        length--;
        return true;
    }

    /** After deletions: the first ID becomes the first live entry's (0-0 when empty), as Redis records it. */
    public void refreshFirstId() {
        Entry first = edge(true);
        firstId = first == null ? StreamId.MIN : first.id();
    }

    /**
     * Redis's streamTrim: removes entries from the head until at most {@code maxlen} remain (MAXLEN) or no entry
     * below {@code minId} remains (MINID). Whole nodes go first; with {@code approx} it stops at the first node it
     * cannot remove whole; {@code limit} (0 = none) caps the entries removed. Returns how many were removed.
     */
    public long trim(boolean byMaxlen, long maxlen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        Iterator<Map.Entry<StreamId, Node>> it = nodes.entrySet().iterator();
        while (it.hasNext()) {
            if (byMaxlen && length <= maxlen) {
                break;
            }
            Node node = it.next().getValue();
            long entries = node.live;
            if (limit != 0 && deleted + entries > limit) {
                break;
            }
            boolean removeNode;
            if (byMaxlen) {
                removeNode = length - entries >= maxlen;
            } else {
                int last = node.size - 1;
                removeNode = StreamId.compare(node.ms[last], node.seq[last], minId.ms(), minId.seq()) < 0;
            }
            if (removeNode) {
                it.remove();
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) {
                break;
            }
            for (int i = 0; i < node.size; i++) {
                boolean stop = byMaxlen ? length <= maxlen
                        : StreamId.compare(node.ms[i], node.seq[i], minId.ms(), minId.seq()) >= 0;
                if (stop) {
                    break;
                }
                if (!node.deleted[i]) {
                    node.deleted[i] = true;
                    node.values[i] = null;
                    node.live--;
                    length--;
                    deleted++;
                }
            }
            break;
        }
        if (length == 0) {
            firstId = StreamId.MIN;
        } else if (deleted > 0) {
            refreshFirstId();
        }
        return deleted;
    }

    // ---- Lag and read counters -------------------------------------------------------------------------------------

    /** Redis 7.2's streamRangeHasTombstones(start, +inf): a tombstone at or after start, not before the first entry. */
    public boolean hasTombstonesFrom(StreamId start) {
        if (length == 0 || maxDeletedId.isZero() || firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        return start.compareTo(maxDeletedId) <= 0;
    }

    /** Redis 7.2's streamEstimateDistanceFromFirstEverEntry; {@link #INVALID_READS} when unknown. */
    public long estimateDistance(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return INVALID_READS;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return INVALID_READS;
    }

    /** A group's lag, or null when it cannot be known (Redis replies null). */
    public Long lag(Group group) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead != INVALID_READS && !hasTombstonesFrom(group.lastId)) {
            return entriesAdded - group.entriesRead;
        }
        long read = estimateDistance(group.lastId);
        return read == INVALID_READS ? null : entriesAdded - read;
    }

    /** Moves a group's last-delivered ID to an entry being delivered past it, updating entries-read as Redis does. */
    public void advance(Group group, StreamId id) {
        if (id.compareTo(group.lastId) <= 0) {
            return;
        }
        if (group.entriesRead != INVALID_READS && !hasTombstonesFrom(id)) {
            group.entriesRead++;
        } else if (entriesAdded != 0) {
            group.entriesRead = estimateDistance(id);
        }
        group.lastId = id;
    }

    // ---- Groups ------------------------------------------------------------------------------------------------

    public Group group(byte[] name) {
        return groups == null ? null : groups.get(new Name(name));
    }

    /** Creates a group; null if one with that name exists. */
    public Group createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>();
        }
        Name key = new Name(name);
        if (groups.containsKey(key)) {
            return null;
        }
        Group group = new Group(lastDelivered, entriesRead);
        groups.put(key, group);
        return group;
    }

    public boolean destroyGroup(byte[] name) {
        return groups != null && groups.remove(new Name(name)) != null;
    }

    /** Groups by name (unsigned byte order, as Redis's radix tree iterates them). */
    public Map<Name, Group> groups() {
        return groups == null ? java.util.Collections.emptyMap() : groups;
    }

    // ---- Radix tree shape --------------------------------------------------------------------------------------

    /**
     * The number of nodes Redis's radix tree would have for these node keys (XINFO STREAM's radix-tree-nodes): each
     * key is the first ID as 16 big-endian bytes; a compressed radix tree has one node per run of single-child bytes,
     * one per branching point and one per leaf (an empty tree is its root alone).
     */
    public long radixTreeNodes() {
        if (nodes.isEmpty()) {
            return 1;
        }
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamId id : nodes.keySet()) {
            byte[] k = new byte[16];
            for (int i = 0; i < 8; i++) {
                k[i] = (byte) (id.ms() >>> (56 - 8 * i));
                k[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
            }
            keys.add(k);
        }
        return radixNodes(keys, 0, keys.size(), 0);
    }

    /** Nodes under the sorted keys [from, to) that share their first {@code depth} bytes. */
    private static long radixNodes(List<byte[]> keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1; // the leaf
        }
        byte[] a = keys.get(from);
        byte[] b = keys.get(to - 1);
        if (a[depth] == b[depth]) {
            int common = depth;
            while (common < 16 && a[common] == b[common]) {
                common++;
            }
            return 1 + radixNodes(keys, from, to, common); // a compressed node for the shared run
        }
        long count = 1; // a branching node
        int i = from;
        while (i < to) {
            int j = i + 1;
            while (j < to && keys.get(j)[depth] == keys.get(i)[depth]) {
                j++;
            }
            count += radixNodes(keys, i, j, depth + 1);
            i = j;
        }
        return count;
    }

    // ---- Copy --------------------------------------------------------------------------------------------------

    /** An independent copy (COPY): entries, counters, groups, consumers and PELs. */
    public RedisStream copy() {
        RedisStream copy = new RedisStream();
        for (Map.Entry<StreamId, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            Node c = new Node(n.masterMs, n.masterSeq, n.masterFields);
            c.ms = n.ms.clone();
            c.seq = n.seq.clone();
            c.values = n.values.clone();
            c.deleted = n.deleted.clone();
            c.size = n.size;
            c.live = n.live;
            c.bytes = n.bytes;
            copy.nodes.put(e.getKey(), c);
        }
        copy.length = length;
        copy.firstId = firstId;
        copy.lastId = lastId;
        copy.maxDeletedId = maxDeletedId;
        copy.entriesAdded = entriesAdded;
        if (groups != null) {
            copy.groups = new TreeMap<>();
            for (Map.Entry<Name, Group> e : groups.entrySet()) {
                Group g = e.getValue();
                Group cg = new Group(g.lastId, g.entriesRead);
                for (Consumer consumer : g.consumers.values()) {
                    Consumer cc = new Consumer(consumer.name, consumer.seenTime);
                    cc.activeTime = consumer.activeTime;
                    cg.consumers.put(new Name(consumer.name), cc);
                }
                for (PendingList.Cursor p = g.pel.cursorAtFirst(); p.valid(); p.next()) {
                    Nack nack = p.nack();
                    Consumer owner = nack.consumer == null ? null : cg.consumer(nack.consumer.name);
                    Nack cn = new Nack(owner, nack.deliveryTime, nack.deliveryCount);
                    cg.pel.put(p.ms(), p.seq(), cn);
                    if (owner != null) {
                        owner.pel.put(p.ms(), p.seq(), cn);
                    }
                }
                copy.groups.put(e.getKey(), cg);
            }
        }
        return copy;
    }
}
