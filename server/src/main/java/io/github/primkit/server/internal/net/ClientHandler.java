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
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection on the event loop: accumulates input, parses and executes every complete command inline,
 * appends replies to one output buffer and flushes once per read burst. A client blocked on a key stops being read
 * from until it is served; a client that breaks the protocol gets Redis's error and is disconnected; a client whose
 * unparsed input passes the query buffer limit is disconnected. When the socket cannot take more output, reading
 * pauses (backpressure) instead of buffering replies without bound.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements ClientChannel {
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
        this.parser = new RequestParser(engine.settings().protoMaxBulkLen, engine.settings().maxMultibulkLength);
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
        inRead = true;
        try {
            process();
        } finally {
            inRead = false;
        }
    }

    /** Executes the complete commands in the input, unless the client is blocked or closing. */
    private void process() {
        if (closed || input == null || client.isBlocked() || client.isClosing()) {
            return;
        }
        try {
            parser.parse(input, args -> {
                engine.execute(client, args);
                return !client.isBlocked() && !client.isClosing();
            });
        } catch (ProtocolException e) {
            engine.error(client.reply(), e.getMessage());
            closeAfterFlush();
            return;
        }
        if (!input.isReadable()) {
            input.release();
            input = null;
        } else {
            long pending = input.readableBytes() + parser.pendingBytes();
            if (pending > engine.settings().clientQueryBufferLimit) {
                engine.log("closing client id=" + client.id() + ": query buffer of " + pending
                        + " bytes over client-query-buffer-limit");
                closeNow();
                return;
            }
            input.discardSomeReadBytes();
        }
        if (client.isClosing()) {
            closeAfterFlush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        context.channel().config().setAutoRead(context.channel().isWritable());
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
        context.close();
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
        if (inRead || flushScheduled) {
            return; // channelReadComplete flushes this client
        }
        flushScheduled = true;
        ctx.channel().eventLoop().execute(this::flush);
    }

    private void flush() {
        flushScheduled = false;
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

    private void closeNow() {
        closed = true;
        ctx.close();
    }

    @Override
    public void resumeInput() {
        ctx.channel().eventLoop().execute(() -> {
            process();
            flush();
        });
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
