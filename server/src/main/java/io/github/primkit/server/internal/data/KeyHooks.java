package io.github.primkit.server.internal.data;

/** What the engine must learn about key changes: to break WATCHes and to wake clients blocked on a key. */
public interface KeyHooks {
    /** {@code key} of database {@code db} was changed, deleted or expired. */
    void modified(int db, byte[] key);

    /** {@code key} of database {@code db} received elements that blocked clients may be waiting for. */
    void ready(int db, byte[] key);

    KeyHooks NONE = new KeyHooks() {
        @Override
        public void modified(int db, byte[] key) {
        }

        @Override
        public void ready(int db, byte[] key) {
        }
    };
}
