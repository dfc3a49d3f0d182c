package io.github.primkit.server.internal.engine;

/**
 * One of a command's key specs (Redis 7): where the search for keys begins (a fixed index, or the argument after a
 * keyword searched from {@code startFrom}), and how the keys are found from there (a range up to {@code lastKey}
 * every {@code step}, where a negative {@code lastKey} counts from the end and {@code limit} > 1 takes only that
 * fraction of the remaining arguments; or a count of keys read from an argument), with the flags of those keys.
 */
public final class KeySpec {
    final int flags;
    /** The begin index, or 0 when the search starts at a keyword. */
    final int index;
    final String keyword;
    final int startFrom;
    final boolean keyNum;
    /** Range: last key (relative to the first, negative from the end), step, limit. */
    final int lastKey;
    final int step;
    final int limit;
    /** Key count: where the count is and where the first key is, both relative to the begin position. */
    final int keyNumIndex;
    final int firstKey;

    private KeySpec(int flags, int index, String keyword, int startFrom, boolean keyNum, int lastKey, int step,
            int limit, int keyNumIndex, int firstKey) {
        this.flags = flags;
        this.index = index;
        this.keyword = keyword;
        this.startFrom = startFrom;
        this.keyNum = keyNum;
        this.lastKey = lastKey;
        this.step = step;
        this.limit = limit;
        this.keyNumIndex = keyNumIndex;
        this.firstKey = firstKey;
    }

    /** Keys at {@code index}, up to {@code lastKey} (relative; negative counts from the end) every {@code step}. */
    public static KeySpec range(int index, int lastKey, int step, KeyFlag... flags) {
        return new KeySpec(KeyFlag.mask(flags), index, null, 0, false, lastKey, step, 0, 0, 0);
    }

    /** The single key at {@code index}. */
    public static KeySpec single(int index, KeyFlag... flags) {
        return range(index, 0, 1, flags);
    }

    /** The key right after {@code keyword}, searched from argument {@code startFrom} on. */
    public static KeySpec afterKeyword(String keyword, int startFrom, KeyFlag... flags) {
        return new KeySpec(KeyFlag.mask(flags), 0, keyword, startFrom, false, 0, 1, 0, 0, 0);
    }

    /**
     * After {@code keyword} (searched from {@code startFrom}), the first 1/{@code limit} of the remaining arguments
     * (XREAD's STREAMS: the keys, then as many IDs).
     */
    public static KeySpec afterKeywordShare(String keyword, int startFrom, int limit, KeyFlag... flags) {
        return new KeySpec(KeyFlag.mask(flags), 0, keyword, startFrom, false, -1, 1, limit, 0, 0);
    }

    /** The key count at {@code index}, then that many keys right after it (EVAL, ZUNION, LMPOP...). */
    public static KeySpec keyNum(int index, KeyFlag... flags) {
        return new KeySpec(KeyFlag.mask(flags), index, null, 0, true, 0, 1, 0, 0, 1);
    }

    public int flags() {
        return flags;
    }

    public boolean has(KeyFlag flag) {
        return (flags & flag.bit()) != 0;
    }
}
