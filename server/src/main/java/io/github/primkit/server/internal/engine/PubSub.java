package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Channels and patterns with their subscribers. Messages go to subscribers' output buffers at once, as RESP3 push
 * messages or RESP2 arrays; a subscriber whose pending output passes the pub/sub limit is disconnected instead of
 * letting its buffer grow without bound.
 */
public final class PubSub {
    private static final byte[] MESSAGE = bytes("message");
    private static final byte[] PMESSAGE = bytes("pmessage");

    private final Engine engine;
    private final Map<Bytes, LinkedHashSet<Client>> channels = new HashMap<>();
    private final Map<Bytes, LinkedHashSet<Client>> patterns = new HashMap<>();

    PubSub(Engine engine) {
        this.engine = engine;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** SUBSCRIBE one channel; replies with the confirmation. */
    public void subscribe(Client client, byte[] channel) {
        Bytes key = new Bytes(channel);
        if (client.channels.add(key)) {
            channels.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(client);
        }
        confirm(client, "subscribe", channel);
    }

    public void psubscribe(Client client, byte[] pattern) {
        Bytes key = new Bytes(pattern);
        if (client.patterns.add(key)) {
            patterns.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(client);
        }
        confirm(client, "psubscribe", pattern);
    }

    /** UNSUBSCRIBE from the given channels, or from all when none are given. */
    public void unsubscribe(Client client, List<byte[]> names, boolean notify) {
        List<byte[]> targets = names.isEmpty() ? values(client.channels) : names;
        if (targets.isEmpty() && notify) {
            confirm(client, "unsubscribe", null);
        }
        for (byte[] name : targets) {
            Bytes key = new Bytes(name);
            if (client.channels.remove(key)) {
                removeFrom(channels, key, client);
            }
            if (notify) {
                confirm(client, "unsubscribe", name);
            }
        }
    }

    public void punsubscribe(Client client, List<byte[]> names, boolean notify) {
        List<byte[]> targets = names.isEmpty() ? values(client.patterns) : names;
        if (targets.isEmpty() && notify) {
            confirm(client, "punsubscribe", null);
        }
        for (byte[] name : targets) {
            Bytes key = new Bytes(name);
            if (client.patterns.remove(key)) {
                removeFrom(patterns, key, client);
            }
            if (notify) {
                confirm(client, "punsubscribe", name);
            }
        }
    }

    private static List<byte[]> values(java.util.Set<Bytes> set) {
        List<byte[]> out = new ArrayList<>(set.size());
        set.forEach(b -> out.add(b.value));
        return out;
    }

    private static void removeFrom(Map<Bytes, LinkedHashSet<Client>> map, Bytes key, Client client) {
        LinkedHashSet<Client> set = map.get(key);
        if (set != null) {
            set.remove(client);
            if (set.isEmpty()) {
                map.remove(key);
            }
        }
    }

    private void confirm(Client client, String kind, byte[] name) {
        Reply reply = client.reply();
        reply.push(3);
        reply.bulk(kind);
        reply.bulk(name);
        reply.integer(client.subscriptions());
    }

    /** Delivers a message; returns the number of receiving subscriptions (channel + pattern matches). */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        LinkedHashSet<Client> direct = channels.get(new Bytes(channel));
        if (direct != null) {
            for (Client client : new ArrayList<>(direct)) {
                Reply reply = client.reply();
                reply.push(3);
                reply.bulk(MESSAGE);
                reply.bulk(channel);
                reply.bulk(message);
                deliver(client);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<Bytes, LinkedHashSet<Client>> entry : new ArrayList<>(patterns.entrySet())) {
                if (!Glob.matches(entry.getKey().value, channel, false)) {
                    continue;
                }
                for (Client client : new ArrayList<>(entry.getValue())) {
                    Reply reply = client.reply();
                    reply.push(4);
                    reply.bulk(PMESSAGE);
                    reply.bulk(entry.getKey().value);
                    reply.bulk(channel);
                    reply.bulk(message);
                    deliver(client);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    private void deliver(Client client) {
        client.channel().flushLater();
        if (client.channel().pendingOutputBytes() > engine.settings().pubsubOutputLimit) {
            engine.log("disconnecting subscriber id=" + client.id + ": output buffer over the pub/sub limit");
            client.closing = true;
            client.channel().closeAfterFlush();
        }
    }

    /** Every channel with at least one subscriber, optionally filtered by a glob pattern. */
    public List<byte[]> channels(byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (Bytes channel : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, channel.value, false)) {
                out.add(channel.value);
            }
        }
        return out;
    }

    public int subscribers(byte[] channel) {
        LinkedHashSet<Client> set = channels.get(new Bytes(channel));
        return set == null ? 0 : set.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int channelCount() {
        return channels.size();
    }

    /** Drops every subscription of a client (disconnect, RESET). */
    void forget(Client client) {
        unsubscribe(client, List.of(), false);
        punsubscribe(client, List.of(), false);
    }
}
