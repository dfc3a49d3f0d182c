package io.github.primkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.server.internal.commands.StandardCommands;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Flag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The protocol limits end to end, on a real server over sockets: CONFIG SET of proto-max-bulk-len and
 * client-query-buffer-limit (Redis's 1 MiB minimums and error texts), a client that never finishes its frame,
 * maxclients and requirepass.
 */
class ProtocolLimitsTest {
    private static final String RANGE = "argument must be between 1048576 and 9223372036854775807 inclusive";

    @Test
    void configSetOfTheProtocolLimitsUsesRedisMinimumsAndTexts() throws IOException {
        try (PrimkitServer server = PrimkitServer.start(); RawConnection admin = new RawConnection(server)) {
            for (String name : List.of("proto-max-bulk-len", "client-query-buffer-limit")) {
                String failed = "-ERR CONFIG SET failed (possibly related to argument '" + name + "') - ";
                assertThat(admin.call("CONFIG", "SET", name, "1048575")).isEqualTo(failed + RANGE + "\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "1000")).isEqualTo(failed + RANGE + "\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "-5"))
                        .isEqualTo(failed + "argument must be a memory value\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "abc"))
                        .isEqualTo(failed + "argument must be a memory value\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "1.5mb"))
                        .isEqualTo(failed + "argument must be a memory value\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "1MB")).isEqualTo("+OK\r\n");
                assertThat(admin.call("CONFIG", "GET", name))
                        .isEqualTo("*2\r\n$" + name.length() + "\r\n" + name + "\r\n$7\r\n1048576\r\n");
                assertThat(admin.call("CONFIG", "SET", name, "2gb")).isEqualTo("+OK\r\n");
                assertThat(admin.call("CONFIG", "GET", name)).endsWith("$10\r\n2147483648\r\n");
            }
            assertThat(admin.call("CONFIG", "SET", "maxclients", "0")).isEqualTo("-ERR CONFIG SET failed (possibly "
                    + "related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n");
        }
    }

    @Test
    void protoMaxBulkLenTakesEffect() throws IOException {
        try (PrimkitServer server = PrimkitServer.start(); RawConnection admin = new RawConnection(server);
                RawConnection client = new RawConnection(server)) {
            String mib = "x".repeat(1024 * 1024);
            assertThat(client.call("SET", "k", mib)).isEqualTo("+OK\r\n");
            assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb")).isEqualTo("+OK\r\n");
            assertThat(client.call("SET", "k", mib)).isEqualTo("+OK\r\n");
            // Refused at the header: the server closes without waiting for the bytes (so send only the header,
            // or our write could hit the closed socket).
            client.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n");
            assertThat(client.read()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(client.closedByServer()).isTrue();
            assertThat(admin.call("STRLEN", "k")).isEqualTo(":1048576\r\n");
        }
    }

    @Test
    void aClientThatNeverFinishesItsFrameIsDisconnectedWhileOthersAreServed() throws IOException {
        try (PrimkitServer server = PrimkitServer.start(); RawConnection admin = new RawConnection(server);
                RawConnection greedy = new RawConnection(server)) {
            assertThat(admin.call("CONFIG", "SET", "client-query-buffer-limit", "1mb")).isEqualTo("+OK\r\n");
            greedy.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000000\r\n");
            byte[] chunk = new byte[64 * 1024];
            long sent = 0;
            boolean refused = false;
            while (sent < 64L * 1024 * 1024) {
                try {
                    greedy.send(chunk);
                } catch (IOException e) {
                    refused = true; // the server closed: our writes now fail
                    break;
                }
                sent += chunk.length;
                assertThat(admin.call("PING")).as("others are served meanwhile").isEqualTo("+PONG\r\n");
            }
            // Whether the writes failed or went to the kernel's buffers, the server closed without a reply.
            assertThat(greedy.read()).isNull();
            assertThat(refused || sent < 64L * 1024 * 1024).isTrue();
            assertThat(admin.call("EXISTS", "k")).isEqualTo(":0\r\n");
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void maxClientsRefusesTheThirdConnection() throws IOException {
        try (PrimkitServer server = PrimkitServer.start(ServerConfig.builder().maxClients(2).build());
                RawConnection first = new RawConnection(server); RawConnection second = new RawConnection(server)) {
            assertThat(first.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
            try (RawConnection third = new RawConnection(server)) {
                assertThat(third.read()).isEqualTo("-ERR max number of clients reached\r\n");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(first.call("PING")).isEqualTo("+PONG\r\n");
            first.call("QUIT");
            assertThat(first.closedByServer()).isTrue();
            // The server notices the close on its event loop; a new connection is accepted once it has. A refused
            // attempt is answered and closed at once, so this loop is bounded and needs no sleep.
            String reply = null;
            for (int attempt = 0; attempt < 1000 && !"+PONG\r\n".equals(reply); attempt++) {
                try (RawConnection again = new RawConnection(server)) {
                    again.send("PING\r\n");
                    reply = again.read();
                }
            }
            assertThat(reply).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void requirePassGuardsEveryCommandButTheNoAuthOnes() throws IOException {
        Set<String> noAuth = new TreeSet<>();
        List<List<String>> commands = new ArrayList<>();
        for (CommandSpec spec : StandardCommands.table().all()) {
            List<CommandSpec> runnable = spec.isContainer() ? List.copyOf(spec.subcommands().values()) : List.of(spec);
            for (CommandSpec command : runnable) {
                if (command.has(Flag.NO_AUTH)) {
                    noAuth.add(command.fullName());
                    continue;
                }
                List<String> args = new ArrayList<>(List.of(command.fullName().split("\\|")));
                while (!command.arityAccepts(args.size())) {
                    args.add("x");
                }
                commands.add(args);
            }
        }
        // As in Redis 7.2: AUTH, HELLO, QUIT and RESET work before authenticating.
        assertThat(noAuth).containsExactly("auth", "hello", "quit", "reset");
        try (PrimkitServer server = PrimkitServer.start(ServerConfig.builder().requirePass("s3cret").build());
                RawConnection client = new RawConnection(server)) {
            for (List<String> command : commands) {
                assertThat(client.call(command.toArray(new String[0]))).as("%s", command)
                        .isEqualTo("-NOAUTH Authentication required.\r\n");
            }
            assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(client.call("AUTH", "wrong"))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(client.call("HELLO", "3", "AUTH", "default", "wrong"))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(client.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already "
                    + "authenticated");
            assertThat(client.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            String hello = client.call("HELLO", "3", "AUTH", "default", "s3cret");
            assertThat(hello).startsWith("%7\r\n").contains("$5\r\nproto\r\n:3\r\n");
            assertThat(client.call("GET", "k")).isEqualTo("_\r\n");
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            try (RawConnection other = new RawConnection(server)) {
                assertThat(other.call("AUTH", "default", "s3cret")).isEqualTo("+OK\r\n");
                assertThat(other.call("SET", "k", "v")).isEqualTo("+OK\r\n");
                assertThat(other.call("QUIT")).isEqualTo("+OK\r\n");
                assertThat(other.closedByServer()).isTrue();
            }
            try (RawConnection quitter = new RawConnection(server)) {
                assertThat(quitter.call("QUIT")).isEqualTo("+OK\r\n");
                assertThat(quitter.closedByServer()).isTrue();
            }
        }
    }
}
