package io.github.primkit.server.internal.engine;

import io.netty.buffer.ByteBuf;

/** The engine's view of a client's connection; implemented by the network layer, used on the event loop only. */
public interface ClientChannel {
    /** The buffer replies are appended to until the next flush. */
    ByteBuf output();

    /** Bytes of output not yet handed to the socket: the unflushed buffer plus what waits in the channel. */
    long pendingOutputBytes();

    /** Flushes the output at the end of the current event-loop work (several replies, one write). */
    void flushLater();

    /** Flushes what is pending, then closes the connection. */
    void closeAfterFlush();

    /** Continues with the client's pipelined input, which was held while it was blocked. */
    void resumeInput();

    /**
     * Runs the client's pipelined input now, before returning, as far as it can go (until it blocks again or runs
     * out), then flushes; for clients released from a CLIENT PAUSE, each of which runs its input before the next.
     */
    default void resumeInputNow() {
        resumeInput();
    }

    String remoteAddress();

    String localAddress();
}
