package io.github.primkit.server.internal.engine;

/**
 * How a command uses one of its keys, as Redis 7's key specs say (COMMAND GETKEYSANDFLAGS replies them in this
 * order): the access kind (read-only, read-write, overwrite, remove), what happens to the data (access, update,
 * insert, delete), and three markers about the spec itself.
 */
public enum KeyFlag {
    RO("RO"), RW("RW"), OW("OW"), RM("RM"), ACCESS("access"), UPDATE("update"), INSERT("insert"),
    DELETE("delete"), NOT_KEY("not_key"), INCOMPLETE("incomplete"), VARIABLE_FLAGS("variable_flags");

    private final String wireName;

    KeyFlag(String wireName) {
        this.wireName = wireName;
    }

    /** The name Redis replies. */
    public String wireName() {
        return wireName;
    }

    /** The bit of this flag in a mask. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The mask of {@code flags}. */
    public static int mask(KeyFlag... flags) {
        int mask = 0;
        for (KeyFlag flag : flags) {
            mask |= flag.bit();
        }
        return mask;
    }
}
