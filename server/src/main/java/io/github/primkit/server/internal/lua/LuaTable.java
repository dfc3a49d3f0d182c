package io.github.primkit.server.internal.lua;

/**
 * A Lua table: an array part for the keys 1..n and an open-addressing hash part. Integer-valued {@link Double} keys
 * are one key whatever their sign of zero; a key set to nil stays in the hash part as a dead entry until the next
 * rehash, so that {@link #next} keeps working while a traversal clears fields (as in Lua).
 */
public final class LuaTable {
    private static final Object[] EMPTY = new Object[0];

    Object[] array = EMPTY;
    /** Keys 1..asize live in {@code array}; array[asize - 1] is non-nil unless asize is 0. */
    int asize;

    Object[] hkeys;
    Object[] hvals;
    /** Slots holding a key (live or dead). */
    private int hused;
    /** Slots holding a live key. */
    private int hlive;

    LuaTable metatable;
    /** Redis's read-only tables: every write from Lua raises {@code Attempt to modify a readonly table}. */
    boolean readonly;
    /** Made by {@code newproxy(true)}: {@code newproxy(x)} accepts an {@code x} with this metatable. */
    boolean proxyMetatable;

    public LuaTable() {
    }

    /** A table with room for {@code narray} array slots and {@code nhash} other keys. */
    public LuaTable(int narray, int nhash) {
        if (narray > 0) {
            array = new Object[narray];
        }
        if (nhash > 0) {
            int cap = 4;
            while (cap * 3 < nhash * 4 + 4) {
                cap <<= 1;
            }
            hkeys = new Object[cap];
            hvals = new Object[cap];
        }
    }

    public LuaTable getMetatable() {
        return metatable;
    }

    public void setMetatable(LuaTable metatable) {
        this.metatable = metatable;
    }

    /**
     * Marks the table read-only (Redis's {@code lua_enablereadonlytable}): assignments, {@code rawset},
     * {@code setmetatable} and the table library's stores raise {@code Attempt to modify a readonly table}.
     * Java code calling {@link #rawset} is not checked.
     */
    public void setReadonly(boolean readonly) {
        this.readonly = readonly;
    }

    public boolean isReadonly() {
        return readonly;
    }

    /** Raw get (no metamethods); same as {@link #rawget}. */
    public Object get(Object key) {
        return rawget(key);
    }

    public Object rawget(Object key) {
        if (key instanceof Double d) {
            double v = d;
            int i = (int) v;
            if (i == v && i >= 1 && i <= asize) {
                return array[i - 1];
            }
            if (v == 0) {
                key = 0.0; // -0.0
            }
        } else if (key == null) {
            return null;
        }
        return hget(key);
    }

    /** Raw get of an integer key. */
    public Object rawget(int i) {
        if (i >= 1 && i <= asize) {
            return array[i - 1];
        }
        return hkeys == null ? null : hget((double) i);
    }

    Object getStr(LuaString key) {
        return hkeys == null ? null : hget(key);
    }

    /** A lookup site's memo: in this key array, the key sits at this slot (until a rehash replaces the array). */
    static final class Site {
        final Object[] keys;
        final int slot;

        Site(Object[] keys, int slot) {
            this.keys = keys;
            this.slot = slot;
        }
    }

    /**
     * Gets a string key through a per-site memo. Keys never move within a key array (deleted keys stay as dead
     * entries, and new keys never reuse their slots), so while the table's key array is the memo's, the slot is right.
     */
    Object getStr(LuaString key, Site[] memo) {
        Object[] ks = hkeys;
        if (ks == null) {
            return null;
        }
        Site m = memo[0];
        if (m != null && m.keys == ks) {
            return hvals[m.slot];
        }
        int s = findSlot(key);
        if (s < 0) {
            return null;
        }
        memo[0] = new Site(ks, s);
        return hvals[s];
    }

    private Object hget(Object key) {
        Object[] ks = hkeys;
        if (ks == null) {
            return null;
        }
        int mask = ks.length - 1;
        int h = mix(key.hashCode()) & mask;
        while (true) {
            Object k = ks[h];
            if (k == null) {
                return null;
            }
            if (k == key || k.equals(key)) {
                return hvals[h];
            }
            h = (h + 1) & mask;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Raw set (no metamethods); nil deletes. Throws {@link LuaError} for a nil or NaN key.
     */
    public void rawset(Object key, Object value) {
        put(key, value);
    }

    /** Raw set of an integer key. */
    public void rawset(int i, Object value) {
        put((double) i, value);
    }

    /** Sets a key and returns the approximate number of bytes the table grew by (for memory accounting). */
    long put(Object key, Object value) {
        if (key instanceof Double d) {
            double v = d;
            int i = (int) v;
            if (i == v) {
                if (i >= 1 && i <= asize) {
                    array[i - 1] = value;
                    if (value == null && i == asize) {
                        trimArray();
                    }
                    return 0;
                }
                if (i == asize + 1 && i > 0) {
                    if (value == null) {
                        return hkeys == null ? 0 : hset(d, null);
                    }
                    return append(value);
                }
                if (v == 0) {
                    key = 0.0;
                }
            } else if (Double.isNaN(v)) {
                throw new LuaError(LuaString.of("table index is NaN"));
            }
        } else if (key == null) {
            throw new LuaError(LuaString.of("table index is nil"));
        }
        return hset(key, value);
    }

    /** The table constructor's positional items, stored after its keyed fields (as Lua's SETLIST). */
    long setPositional(Object[] vals, int n) {
        long grown = 0;
        for (int i = 0; i < n; i++) {
            if (i < asize) {
                array[i] = vals[i];
            } else {
                grown += put((double) (i + 1), vals[i]);
            }
        }
        trimArray();
        return grown;
    }

    private void trimArray() {
        while (asize > 0 && array[asize - 1] == null) {
            asize--;
        }
    }

    private long append(Object value) {
        long grown = 0;
        if (asize == array.length) {
            int cap = Math.max(4, array.length * 2);
            Object[] a = new Object[cap];
            System.arraycopy(array, 0, a, 0, asize);
            grown = 24L * (cap - array.length); // the slot and, typically, a boxed value
            array = a;
        }
        array[asize++] = value;
        if (hlive > 0) {
            // the key may have lived in the hash part: move it and its successors into the array part
            Double k = (double) asize;
            if (hremove(k)) {
                // the value just appended replaces the hash entry
            }
            while (hlive > 0) {
                Double next = (double) (asize + 1);
                Object v = hget(next);
                if (v == null) {
                    break;
                }
                hremove(next);
                if (asize == array.length) {
                    Object[] a = new Object[array.length * 2];
                    System.arraycopy(array, 0, a, 0, asize);
                    grown += 24L * array.length;
                    array = a;
                }
                array[asize++] = v;
            }
        }
        return grown;
    }

    private boolean hremove(Object key) {
        Object[] ks = hkeys;
        if (ks == null) {
            return false;
        }
        int mask = ks.length - 1;
        int h = mix(key.hashCode()) & mask;
        while (true) {
            Object k = ks[h];
            if (k == null) {
                return false;
            }
            if (k.equals(key)) {
                if (hvals[h] != null) {
                    hvals[h] = null;
                    hlive--;
                    return true;
                }
                return false;
            }
            h = (h + 1) & mask;
        }
    }

    private long hset(Object key, Object value) {
        Object[] ks = hkeys;
        if (ks == null) {
            if (value == null) {
                return 0;
            }
            hkeys = ks = new Object[4];
            hvals = new Object[4];
        }
        int mask = ks.length - 1;
        int h = mix(key.hashCode()) & mask;
        while (true) {
            Object k = ks[h];
            if (k == null) {
                break;
            }
            if (k == key || k.equals(key)) {
                Object old = hvals[h];
                hvals[h] = value;
                if (old == null && value != null) {
                    hlive++;
                } else if (old != null && value == null) {
                    hlive--;
                }
                return 0;
            }
            h = (h + 1) & mask;
        }
        if (value == null) {
            return 0;
        }
        ks[h] = key;
        hvals[h] = value;
        hused++;
        hlive++;
        if (hused * 4 > ks.length * 3) {
            return rehash();
        }
        return 0;
    }

    private long rehash() {
        Object[] oks = hkeys;
        Object[] ovs = hvals;
        int need = Math.max(2, hlive * 2);
        int cap = 4;
        while (cap * 3 < need * 4 && cap < (1 << 30)) {
            cap <<= 1;
        }
        Object[] ks = new Object[cap];
        Object[] vs = new Object[cap];
        int mask = cap - 1;
        for (int i = 0; i < oks.length; i++) {
            Object k = oks[i];
            Object v = ovs[i];
            if (k != null && v != null) {
                int h = mix(k.hashCode()) & mask;
                while (ks[h] != null) {
                    h = (h + 1) & mask;
                }
                ks[h] = k;
                vs[h] = v;
            }
        }
        hkeys = ks;
        hvals = vs;
        hused = hlive;
        return cap > oks.length ? 48L * (cap - oks.length) : 0; // two slots and, typically, boxed key and value
    }

    /** Lua 5.1's {@code #}: a border (an n with t[n] non-nil and t[n+1] nil, or 0). */
    public int length() {
        int n = asize;
        if (hlive == 0) {
            return n;
        }
        if (hget((double) (n + 1)) == null) {
            return n;
        }
        // unbounded search in the hash part, as Lua's unbound_search
        long i = n + 1;
        long j = i * 2;
        while (rawgetLong(j) != null) {
            i = j;
            if (j > Integer.MAX_VALUE / 2) {
                long k = 1;
                while (rawgetLong(k) != null) {
                    k++;
                }
                return (int) (k - 1);
            }
            j *= 2;
        }
        while (j - i > 1) {
            long m = (i + j) / 2;
            if (rawgetLong(m) == null) {
                j = m;
            } else {
                i = m;
            }
        }
        return (int) i;
    }

    private Object rawgetLong(long k) {
        return rawget((double) k);
    }

    /**
     * Lua's {@code next}: the entry after {@code key} ({@code null} = the first), as {@code {key, value}}, or null
     * at the end. Throws {@link LuaError} {@code invalid key to 'next'} for a key not in the table.
     */
    public Object[] next(Object key) {
        int i = 0; // array index to start from
        int slot = 0; // hash slot to start from, when past the array part
        if (key != null) {
            boolean found = false;
            if (key instanceof Double d) {
                double v = d;
                int k = (int) v;
                if (k == v && k >= 1 && (k <= asize || (k <= array.length && findSlot(key) < 0))) {
                    // in the array part, or was before trailing nils shrank it during the traversal
                    i = k;
                    found = true;
                } else if (v == 0) {
                    key = 0.0;
                }
            }
            if (!found) {
                i = asize;
                int s = findSlot(key);
                if (s < 0) {
                    throw new LuaError(LuaString.of("invalid key to 'next'"));
                }
                slot = s + 1;
            }
        }
        for (; i < asize; i++) {
            Object v = array[i];
            if (v != null) {
                return new Object[] {(double) (i + 1), v};
            }
        }
        Object[] ks = hkeys;
        if (ks != null) {
            for (int s = slot; s < ks.length; s++) {
                if (ks[s] != null && hvals[s] != null) {
                    return new Object[] {ks[s], hvals[s]};
                }
            }
        }
        return null;
    }

    private int findSlot(Object key) {
        Object[] ks = hkeys;
        if (ks == null) {
            return -1;
        }
        int mask = ks.length - 1;
        int h = mix(key.hashCode()) & mask;
        while (true) {
            Object k = ks[h];
            if (k == null) {
                return -1;
            }
            if (k == key || k.equals(key)) {
                return h;
            }
            h = (h + 1) & mask;
        }
    }

    /** The largest positive numeric key (table.maxn). */
    double maxn() {
        double max = asize;
        Object[] ks = hkeys;
        if (ks != null) {
            for (int s = 0; s < ks.length; s++) {
                if (ks[s] instanceof Double d && hvals[s] != null && d > max) {
                    max = d;
                }
            }
        }
        return max;
    }

    /** Inserts at position pos (1-based) shifting up, as table.insert; returns bytes grown. */
    long insert(int pos, Object value, int n) {
        long grown = 0;
        for (int i = n; i >= pos; i--) {
            grown += put((double) (i + 1), rawget(i));
        }
        grown += put((double) pos, value);
        return grown;
    }

    @Override
    public String toString() {
        return "table: 0x" + String.format("%08x", System.identityHashCode(this));
    }
}
