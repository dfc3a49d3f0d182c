package io.github.primkit.server.internal.net;

import io.github.primkit.server.internal.engine.Client;
import io.github.primkit.server.internal.engine.ClientChannel;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.protocol.ProtocolException;
import io.github.primkit.server.internal.protocol.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection on the event loop: accumulates input, parses and executes every complete command inline,
 * appends replies to one output buffer and flushes once per read burst. A client blocked on a key stops being
 * processed (its input keeps accumulating, within the query buffer limit) until it is served; a client that breaks the
 * protocol gets Redis's error and is disconnected; a client whose pending input (unparsed bytes, the unfinished
 * command's arguments and its MULTI queue) passes client-query-buffer-limit, or 1 MiB before it authenticates, is
 * disconnected without a reply, as Redis does. Output is bounded too: when the socket cannot take more, reading pauses,
 * and when a pipeline's replies pile up past {@link #OUTPUT_PAUSE_BYTES}, executing pauses until the socket drains.
 * Commands named POST or Host: (an HTTP request sent to the port) close the connection at once, as in Redis.
 * Nothing a client sends can throw out of this handler: an unexpected exception is logged and closes that connection.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements ClientChannel, RequestParser.Limits {
    /** Unflushed replies above which the rest of a pipeline waits until the socket has taken them. */
    static final int OUTPUT_PAUSE_BYTES = 1024 * 1024;
    /** Redis's limit on the query buffer of a client that has not authenticated yet. */
    static final long UNAUTHENTICATED_QUERY_BUFFER_LIMIT = 1024 * 1024;

    private final Engine engine;
    private ChannelHandlerContext ctx;
    private Client client;
    private RequestParser parser;
    private ByteBuf input;
    private ByteBuf output;
    private boolean flushScheduled;
    private boolean inRead;
    private boolean closed;

    ClientHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        this.parser = new RequestParser(this);
        this.client = engine.connect(this);
        if (client == null) {
            ByteBuf error = context.alloc().buffer();
            ByteBufUtil.writeAscii(error, "-ERR max number of clients reached\r\n");
            context.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
            closed = true;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf chunk = (ByteBuf) message;
        if (closed) {
            chunk.release();
            return;
        }
        input = input == null ? chunk : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(context.alloc(), input, chunk);
        // Checked before parsing, like Redis: a command longer than the limit is refused whichever way it arrives.
        long pending = input.readableBytes() + parser.pendingBytes() + client.queuedBytes();
        long limit = engine.settings().clientQueryBufferLimit;
        if (pending > limit || (pending > UNAUTHENTICATED_QUERY_BUFFER_LIMIT && authRequired())) {
            engine.log("closing client id=" + client.id() + " that reached max query buffer length ("
                    + pending + " bytes)");
            closeNow();
            return;
        }
        inRead = true;
        try {
            process();
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            inRead = false;
        }
    }

    // ---- RequestParser.Limits: read live, so CONFIG SET applies to connected clients at once --------------------

    @Override
    public long maxBulkLength() {
        return engine.settings().protoMaxBulkLen;
    }

    @Override
    public int maxMultibulkLength() {
        return engine.settings().maxMultibulkLength;
    }

    @Override
    public boolean authRequired() {
        return client != null && !client.authenticated();
    }

    /** Executes the complete commands in the input, unless the client is blocked or closing. */
    private void process() {
        while (!closed && input != null && !client.isBlocked() && !client.isClosing()) {
            try {
                parser.parse(input, this::run);
            } catch (ProtocolException e) {
                engine.log("closing client id=" + client.id() + ": " + e.getMessage());
                engine.protocolError(client, e.getMessage());
                closeAfterFlush();
                return;
            }
            if (closed) {
                return;
            }
            if (!input.isReadable()) {
                input.release();
                input = null;
            } else {
                input.discardSomeReadBytes();
            }
            if (client.isClosing()) {
                closeAfterFlush();
                return;
            }
            if (input == null || !outputFull()) {
                return; // done, or blocked (served later through resumeInput)
            }
            // Paused on output: hand it to the socket; go on only if the socket took it.
            flush();
            if (!ctx.channel().isWritable()) {
                return; // channelWritabilityChanged resumes
            }
        }
    }

    /** The parser's sink: runs one command; false stops parsing for now. */
    private boolean run(byte[][] args) {
        if (isCrossProtocolAttack(args[0])) {
            engine.log("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands "
                    + "to the server. Connection from " + remoteAddress() + " aborted.");
            closeNow();
            return false;
        }
        engine.execute(client, args);
        return !closed && !client.isBlocked() && !client.isClosing() && !outputFull();
    }

    /** Redis closes connections that send "POST" or "Host:": an HTTP request, maybe from a browser attack. */
    private static boolean isCrossProtocolAttack(byte[] name) {
        return (name.length == 4 && equalsIgnoreCase(name, "post")) || (name.length == 5
                && equalsIgnoreCase(name, "host:"));
    }

    private static boolean equalsIgnoreCase(byte[] bytes, String lower) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean outputFull() {
        return output != null && output.readableBytes() > OUTPUT_PAUSE_BYTES;
    }

    /** An exception escaped a command or the pipeline: log it and drop this connection; the server goes on. */
    private void failed(Throwable cause) {
        engine.log("closing client id=" + (client == null ? "?" : client.id()) + " after an internal error: " + cause);
        closeNow();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        engine.afterInput();
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        boolean writable = context.channel().isWritable();
        context.channel().config().setAutoRead(writable);
        if (writable && input != null) {
            resume(); // a pipeline paused on output goes on
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closed = true;
        if (client != null) {
            engine.disconnect(client);
        }
        if (input != null) {
            input.release();
            input = null;
        }
        if (output != null) {
            output.release();
            output = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            closeNow(); // the peer reset the connection
        } else {
            failed(cause);
        }
    }

    // ---- ClientChannel ---------------------------------------------------------------------------------------------

    @Override
    public ByteBuf output() {
        if (output == null) {
            output = ctx.alloc().ioBuffer(256);
        }
        return output;
    }

    @Override
    public long pendingOutputBytes() {
        ChannelOutboundBuffer outbound = ctx.channel().unsafe().outboundBuffer();
        return (output == null ? 0 : output.readableBytes()) + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    @Override
    public void flushLater() {
        if (inRead || flushScheduled || closed) {
            return; // channelReadComplete flushes this client
        }
        flushScheduled = true;
        ctx.channel().eventLoop().execute(this::flush);
    }

    private void flush() {
        flushScheduled = false;
        if (closed) {
            // Closing: nothing more goes out after the last reply (a pub/sub message published while the final
            // write is still pending is dropped, as Redis drops output for a client closing after its reply).
            if (output != null) {
                output.release();
                output = null;
            }
            return;
        }
        if (output != null && output.isReadable() && ctx.channel().isActive()) {
            ByteBuf pending = output;
            output = null;
            ctx.writeAndFlush(pending, ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    @Override
    public void closeAfterFlush() {
        closed = true;
        ByteBuf pending = output;
        output = null;
        if (pending != null && pending.isReadable()) {
            ctx.writeAndFlush(pending).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (pending != null) {
                pending.release();
            }
            ctx.close();
        }
    }

    /** Closes without sending what is not flushed yet. */
    private void closeNow() {
        closed = true;
        if (output != null) {
            output.release();
            output = null;
        }
        ctx.close();
    }

    @Override
    public void resumeInput() {
        ctx.channel().eventLoop().execute(this::resume);
    }

    @Override
    public void resumeInputNow() {
        resume();
    }

    private void resume() {
        try {
            process();
            flush();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public String remoteAddress() {
        return address(ctx.channel().remoteAddress());
    }

    @Override
    public String localAddress() {
        return address(ctx.channel().localAddress());
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
