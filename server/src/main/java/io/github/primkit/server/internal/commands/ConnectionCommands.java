package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.ADMIN;
import static io.github.primkit.server.internal.engine.Flag.ALLOW_BUSY;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.NOSCRIPT;
import static io.github.primkit.server.internal.engine.Flag.NO_AUTH;
import static io.github.primkit.server.internal.engine.Flag.STALE;

import io.github.primkit.server.internal.engine.Client;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.engine.Pause;
import io.github.primkit.server.internal.engine.Tracking;
import io.github.primkit.server.internal.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET and CLIENT. */
final class ConnectionCommands {
    /** What HELLO reports: clients enable Redis 7.2 features from it. */
    static final String VERSION = "7.2.4";

    private ConnectionCommands() {
    }

    static void register(Registry r) {
        r.add("ping", -1, flags(FAST), ConnectionCommands::ping);
        r.add("echo", 2, flags(FAST), c -> c.reply.bulk(c.arg(1)));
        r.add("hello", -1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY), ConnectionCommands::hello);
        r.add("auth", -2, flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY), ConnectionCommands::auth);
        r.add("select", 2, flags(LOADING, STALE, FAST), ConnectionCommands::select);
        r.add("quit", -1, flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH), c -> {
            c.reply.ok();
            c.client.closeAfterReply();
        });
        r.add("reset", 1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY), c -> {
            c.engine.reset(c.client);
            c.reply.simple("RESET");
        });

        CommandSpec client = r.container("client", -2, flags());
        r.sub(client, "id", 2, flags(NOSCRIPT, LOADING, STALE), c -> c.reply.integer(c.client.id()));
        r.sub(client, "getname", 2, flags(NOSCRIPT, LOADING, STALE),
                c -> c.reply.bulk(c.client.name().isEmpty() ? null : c.client.name().getBytes(StandardCharsets.UTF_8)));
        r.sub(client, "setname", 3, flags(NOSCRIPT, LOADING, STALE), c -> {
            c.client.name(validName(c.arg(2), "Client names"));
            c.reply.ok();
        });
        r.sub(client, "setinfo", 4, flags(NOSCRIPT, LOADING, STALE), ConnectionCommands::setInfo);
        r.sub(client, "info", 2, flags(NOSCRIPT, LOADING, STALE),
                c -> c.reply.verbatim(describe(c.engine, c.client, c.now) + "\n"));
        r.sub(client, "list", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), ConnectionCommands::list);
        r.sub(client, "kill", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ConnectionCommands::kill);
        r.sub(client, "unblock", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ConnectionCommands::unblock);
        r.sub(client, "pause", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ConnectionCommands::pause);
        r.sub(client, "unpause", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), c -> {
            c.engine.pause().unpause();
            c.reply.ok();
        });
        r.sub(client, "tracking", -3, flags(NOSCRIPT, LOADING, STALE), c -> c.engine.tracking().clientTracking(c));
        r.sub(client, "caching", 3, flags(NOSCRIPT, LOADING, STALE), c -> c.engine.tracking().clientCaching(c));
        r.sub(client, "getredir", 2, flags(NOSCRIPT, LOADING, STALE),
                c -> c.reply.integer(Tracking.redirect(c.client)));
        r.sub(client, "trackinginfo", 2, flags(NOSCRIPT, LOADING, STALE), Tracking::trackingInfo);
        r.sub(client, "no-evict", 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ConnectionCommands::onOff);
        r.sub(client, "no-touch", 3, flags(NOSCRIPT, LOADING, STALE), ConnectionCommands::onOff);
        r.sub(client, "help", 2, flags(LOADING, STALE), c -> help(c.reply, "CLIENT", List.of(
                "ID", "    Return the ID of the current connection.",
                "GETNAME", "    Return the name of the current connection.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.",
                "SETINFO <option> <value>", "    Set client meta attr (LIB-NAME, LIB-VER).",
                "INFO", "    Return information about the current client connection.",
                "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]", "    Return client entries.",
                "KILL <ip:port> | <option> <value> [<option> <value> [...]]", "    Kill connections.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock a client blocked in a blocking command.",
                "PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "UNPAUSE", "    Stop the current client pause, resuming traffic.",
                "CACHING (YES|NO)", "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR", "    Return the client ID we are redirecting to when tracking is enabled.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]] [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO", "    Report tracking status for the current connection.")));
    }

    private static void ping(Context c) {
        if (c.argc() > 2) {
            throw new CommandException("ERR wrong number of arguments for 'ping' command");
        }
        if (c.client.protocol() == 2 && c.client.subscriptions() > 0) {
            c.reply.array(2);
            c.reply.bulk("pong");
            c.reply.bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
        } else if (c.argc() == 2) {
            c.reply.bulk(c.arg(1));
        } else {
            c.reply.simple("PONG");
        }
    }

    private static void hello(Context c) {
        int protocol = c.client.protocol();
        int i = 1;
        if (c.argc() >= 2) {
            Long version = Context.tryParseLong(c.arg(1));
            if (version == null) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            protocol = version.intValue();
            i = 2;
        }
        String name = null;
        boolean authenticate = false;
        byte[] user = null;
        byte[] password = null;
        for (; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.is(i, "auth") && i + 2 < c.argc()) {
                authenticate = true;
                user = c.arg(i + 1);
                password = c.arg(i + 2);
                i += 2;
            } else if (c.is(i, "setname") && more) {
                name = validName(c.arg(i + 1), "Client names");
                i++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + c.argString(i) + "'");
            }
        }
        if (authenticate) {
            checkCredentials(c, user, password);
            c.client.authenticated(true);
        }
        if (!c.client.authenticated()) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client "
                    + "and select the RESP protocol version at the same time");
        }
        if (name != null) {
            c.client.name(name);
        }
        c.client.protocol(protocol);
        Reply reply = c.client.reply(); // aimed at the new protocol
        reply.map(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(VERSION);
        reply.bulk("proto");
        reply.integer(protocol);
        reply.bulk("id");
        reply.integer(c.client.id());
        reply.bulk("mode");
        reply.bulk("standalone");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.array(0);
    }

    private static void auth(Context c) {
        if (c.argc() > 3) {
            throw CommandException.syntax();
        }
        byte[] user = c.argc() == 3 ? c.arg(1) : null;
        byte[] password = c.arg(c.argc() - 1);
        if (user == null && c.engine.settings().requirePass.isEmpty()) {
            throw new CommandException("ERR AUTH <password> called without any password configured for the "
                    + "default user. Are you sure your configuration is correct?");
        }
        checkCredentials(c, user, password);
        c.client.authenticated(true);
        c.reply.ok();
    }

    /** The only user is "default"; with no requirepass it accepts any password (Redis's "nopass"). */
    private static void checkCredentials(Context c, byte[] user, byte[] password) {
        boolean userOk = user == null || new String(user, StandardCharsets.UTF_8).equals("default");
        String required = c.engine.settings().requirePass;
        boolean passwordOk = required.isEmpty() || MessageDigest.isEqual(
                required.getBytes(StandardCharsets.UTF_8), password);
        if (!userOk || !passwordOk) {
            throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    private static void select(Context c) {
        long index = c.argLong(1);
        if (index < 0 || index >= c.engine.databaseCount()) {
            throw new CommandException("ERR DB index is out of range");
        }
        c.client.select((int) index);
        c.reply.ok();
    }

    private static String validName(byte[] name, String what) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandException("ERR " + what + " cannot contain spaces, newlines or special characters.");
            }
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    private static void setInfo(Context c) {
        String value = validName(c.arg(3), "lib-name and lib-ver").isEmpty() ? "" : c.argString(3);
        if (c.is(2, "lib-name")) {
            c.client.libName(value);
        } else if (c.is(2, "lib-ver")) {
            c.client.libVersion(value);
        } else {
            throw new CommandException("ERR Unrecognized option '" + c.argString(2) + "'");
        }
        c.reply.ok();
    }

    private static void onOff(Context c) {
        if (!c.is(2, "on") && !c.is(2, "off")) {
            throw CommandException.syntax();
        }
        c.reply.ok();
    }

    /** CLIENT LIST's flags, in Redis 7.2's order: P (subscriber), x (MULTI), b (blocked), tracking's, else N. */
    private static String clientFlags(Client client) {
        String flags = (client.subscriptions() > 0 ? "P" : "") + (client.inMulti() ? "x" : "")
                + (client.isBlocked() ? "b" : "") + Tracking.flags(client);
        return flags.isEmpty() ? "N" : flags;
    }

    /** One line of CLIENT LIST / CLIENT INFO, in Redis 7.2's field order. */
    static String describe(Engine engine, Client client, long now) {
        return "id=" + client.id()
                + " addr=" + client.remoteAddress()
                + " laddr=" + client.localAddress()
                + " fd=" + (7 + client.id())
                + " name=" + client.name()
                + " age=" + (now - client.createdAt()) / 1000
                + " idle=" + (now - client.lastInteraction()) / 1000
                + " flags=" + clientFlags(client)
                + " db=" + client.db()
                + " sub=" + client.channelCount()
                + " psub=" + client.patternCount()
                + " ssub=0"
                + " multi=" + client.queuedCount()
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0"
                + " obl=0 oll=0 omem=" + client.outputBytes()
                + " tot-mem=0 events=r"
                + " cmd=" + client.lastCommand()
                + " user=default redir=" + Tracking.redirect(client)
                + " resp=" + client.protocol()
                + " lib-name=" + client.libName()
                + " lib-ver=" + client.libVersion();
    }

    private static void list(Context c) {
        List<Client> selected = new ArrayList<>();
        if (c.argc() == 2) {
            selected.addAll(c.engine.clients());
        } else if (c.is(2, "type") && c.argc() == 4) {
            boolean pubsub = c.is(3, "pubsub");
            if (!pubsub && !c.is(3, "normal") && !c.is(3, "master") && !c.is(3, "replica")
                    && !c.is(3, "slave")) {
                throw new CommandException("ERR Unknown client type '" + c.argString(3) + "'");
            }
            for (Client client : c.engine.clients()) {
                boolean isPubsub = client.subscriptions() > 0;
                if ((pubsub && isPubsub) || (c.is(3, "normal") && !isPubsub)) {
                    selected.add(client);
                }
            }
        } else if (c.is(2, "id") && c.argc() >= 4) {
            for (int i = 3; i < c.argc(); i++) {
                Long id = Context.tryParseLong(c.arg(i));
                if (id == null || id < 1) {
                    throw new CommandException("ERR Invalid client ID");
                }
                Client client = c.engine.client(id);
                if (client != null && !selected.contains(client)) {
                    selected.add(client);
                }
            }
        } else {
            throw CommandException.syntax();
        }
        StringBuilder text = new StringBuilder();
        for (Client client : selected) {
            text.append(describe(c.engine, client, c.now)).append('\n');
        }
        c.reply.verbatim(text.toString());
    }

    private static void kill(Context c) {
        if (c.argc() == 3) {
            String addr = c.argString(2);
            for (Client client : new ArrayList<>(c.engine.clients())) {
                if (client.remoteAddress().equals(addr)) {
                    killClient(c, client);
                    c.reply.ok();
                    return;
                }
            }
            throw new CommandException("ERR No such client");
        }
        if (c.argc() % 2 != 0) {
            throw CommandException.syntax();
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        for (int i = 2; i < c.argc(); i += 2) {
            if (c.is(i, "id")) {
                id = Context.tryParseLong(c.arg(i + 1));
                if (id == null || id < 1) {
                    throw new CommandException("ERR client-id should be greater than 0");
                }
            } else if (c.is(i, "addr")) {
                addr = c.argString(i + 1);
            } else if (c.is(i, "laddr")) {
                laddr = c.argString(i + 1);
            } else if (c.is(i, "skipme")) {
                if (c.is(i + 1, "yes")) {
                    skipMe = true;
                } else if (c.is(i + 1, "no")) {
                    skipMe = false;
                } else {
                    throw CommandException.syntax();
                }
            } else if (c.is(i, "type") || c.is(i, "user") || c.is(i, "maxage")) {
                continue; // accepted; this server has only normal clients and the default user
            } else {
                throw CommandException.syntax();
            }
        }
        int killed = 0;
        for (Client client : new ArrayList<>(c.engine.clients())) {
            if ((id != null && client.id() != id) || (addr != null && !client.remoteAddress().equals(addr))
                    || (laddr != null && !client.localAddress().equals(laddr)) || (skipMe && client == c.client)) {
                continue;
            }
            killClient(c, client);
            killed++;
        }
        c.reply.integer(killed);
    }

    private static void killClient(Context c, Client client) {
        if (client == c.client) {
            client.closeAfterReply();
        } else {
            client.close();
            c.engine.disconnect(client);
        }
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: Redis's errors, in its order (the arity, the mode, then the timeout). */
    private static void pause(Context c) {
        if (c.argc() > 4) {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(c.arg(1), StandardCharsets.ISO_8859_1) + "'. Try CLIENT HELP.");
        }
        Pause.Mode mode = Pause.Mode.ALL;
        if (c.argc() == 4) {
            if (c.is(3, "write")) {
                mode = Pause.Mode.WRITE;
            } else if (!c.is(3, "all")) {
                throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        Long timeout = Context.tryParseLong(c.arg(2));
        if (timeout == null) {
            throw new CommandException("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new CommandException("ERR timeout is negative");
        }
        if (timeout > Long.MAX_VALUE - c.now) {
            throw new CommandException("ERR timeout is out of range");
        }
        c.engine.pause().pause(mode, c.now + timeout);
        c.reply.ok();
    }

    private static void unblock(Context c) {
        Long id = Context.tryParseLong(c.arg(2));
        if (id == null) {
            throw new CommandException(CommandException.NOT_INTEGER);
        }
        boolean withError = false;
        if (c.argc() == 4) {
            if (c.is(3, "error")) {
                withError = true;
            } else if (!c.is(3, "timeout")) {
                throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        } else if (c.argc() > 4) {
            throw CommandException.syntax();
        }
        Client target = c.engine.client(id);
        c.reply.integer(target != null && c.engine.unblock(target, withError) ? 1 : 0);
    }

    static void help(Reply reply, String command, List<String> lines) {
        reply.array(lines.size() + 3);
        reply.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simple(line);
        }
        reply.simple("HELP");
        reply.simple("    Print this help.");
    }
}
