package io.github.primkit.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.server.internal.commands.StandardCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wait queues of blocked clients, driven through the engine with fake connections and a manual clock. */
class BlockingTest {
    /** A connection that keeps what the server wrote. */
    static final class FakeChannel implements ClientChannel {
        final ByteBuf out = Unpooled.buffer();
        int resumes;
        boolean closed;

        @Override
        public ByteBuf output() {
            return out;
        }

        @Override
        public long pendingOutputBytes() {
            return out.readableBytes();
        }

        @Override
        public void flushLater() {
        }

        @Override
        public void closeAfterFlush() {
            closed = true;
        }

        @Override
        public void resumeInput() {
            resumes++;
        }

        @Override
        public String remoteAddress() {
            return "test:1";
        }

        @Override
        public String localAddress() {
            return "test:0";
        }

        /** Everything written since the last call. */
        String take() {
            String text = out.toString(StandardCharsets.UTF_8);
            out.clear();
            return text;
        }
    }

    /** Timeouts scheduled by the engine, fired by the test. */
    static final class Timer {
        final class Task {
            final Runnable run;
            final long delay;
            boolean cancelled;

            Task(Runnable run, long delay) {
                this.run = run;
                this.delay = delay;
            }
        }

        final List<Task> tasks = new ArrayList<>();

        Scheduler scheduler() {
            return (task, delay) -> {
                Task t = new Task(task, delay);
                tasks.add(t);
                return () -> t.cancelled = true;
            };
        }

        void fireAll() {
            for (Task task : new ArrayList<>(tasks)) {
                if (!task.cancelled) {
                    task.run.run();
                }
            }
        }
    }

    private Engine engine;
    private Timer timer;

    @BeforeEach
    void start() {
        engine = new Engine(new Settings(), StandardCommands.table());
        timer = new Timer();
        engine.scheduler(timer.scheduler());
    }

    private static byte[][] args(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private String run(Client client, FakeChannel channel, String... command) {
        engine.execute(client, args(command));
        return channel.take();
    }

    @Test
    void aDisconnectedWaiterLeavesEveryQueueAndItsTimeoutIsCancelled() {
        FakeChannel ca = new FakeChannel();
        FakeChannel cb = new FakeChannel();
        Client a = engine.connect(ca);
        Client b = engine.connect(cb);
        assertThat(run(a, ca, "BLPOP", "k1", "k2", "k3", "5")).isEmpty();
        assertThat(a.isBlocked()).isTrue();
        assertThat(engine.blocking().blockedClients()).isEqualTo(1);
        assertThat(engine.blocking().waitingKeys()).isEqualTo(3);
        assertThat(timer.tasks).hasSize(1);
        assertThat(timer.tasks.get(0).delay).isEqualTo(5000);

        engine.disconnect(a);
        assertThat(engine.blocking().blockedClients()).isZero();
        assertThat(engine.blocking().waitingKeys()).isZero();
        assertThat(timer.tasks.get(0).cancelled).isTrue();

        assertThat(run(b, cb, "RPUSH", "k2", "x")).isEqualTo(":1\r\n");
        assertThat(run(b, cb, "LLEN", "k2")).isEqualTo(":1\r\n");
        assertThat(ca.take()).isEmpty();
    }

    @Test
    void aServedWaiterLeavesItsOtherQueuesAndItsTimeoutIsCancelled() {
        FakeChannel ca = new FakeChannel();
        FakeChannel cb = new FakeChannel();
        Client a = engine.connect(ca);
        Client b = engine.connect(cb);
        run(a, ca, "BLPOP", "k1", "k2", "1.5");
        assertThat(run(b, cb, "LPUSH", "k2", "x")).isEqualTo(":1\r\n");
        assertThat(ca.take()).isEqualTo("*2\r\n$2\r\nk2\r\n$1\r\nx\r\n");
        assertThat(ca.resumes).isEqualTo(1);
        assertThat(a.isBlocked()).isFalse();
        assertThat(engine.blocking().waitingKeys()).isZero();
        assertThat(timer.tasks.get(0).delay).isEqualTo(1500);
        assertThat(timer.tasks.get(0).cancelled).isTrue();
    }

    @Test
    void aTimeoutAnswersNullAndResumesInput() {
        FakeChannel ca = new FakeChannel();
        Client a = engine.connect(ca);
        run(a, ca, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0.0001");
        assertThat(timer.tasks.get(0).delay).isEqualTo(1);
        timer.fireAll();
        assertThat(ca.take()).isEqualTo("*-1\r\n");
        assertThat(ca.resumes).isEqualTo(1);
        assertThat(engine.blocking().blockedClients()).isZero();
        assertThat(engine.blocking().waitingKeys()).isZero();
        // A second firing (a race between timeout and service) must not answer twice.
        timer.fireAll();
        assertThat(ca.take()).isEmpty();
    }

    @Test
    void timeoutZeroWaitsForever() {
        FakeChannel ca = new FakeChannel();
        FakeChannel cb = new FakeChannel();
        Client a = engine.connect(ca);
        Client b = engine.connect(cb);
        run(a, ca, "BRPOP", "l", "0");
        run(b, cb, "BRPOP", "l", "-0.0001"); // rounds up to 0, as Redis does
        assertThat(engine.blocking().blockedClients()).isEqualTo(2);
        assertThat(timer.tasks).isEmpty();
    }

    @Test
    void anErrorRaisedWhenServedIsTheReplyAndTheNextWaiterIsServed() {
        FakeChannel ca = new FakeChannel();
        FakeChannel cb = new FakeChannel();
        FakeChannel cc = new FakeChannel();
        Client a = engine.connect(ca);
        Client b = engine.connect(cb);
        Client c = engine.connect(cc);
        run(a, ca, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        run(b, cb, "BLPOP", "src", "0");
        run(c, cc, "SET", "dst", "string");
        assertThat(run(c, cc, "RPUSH", "src", "x")).isEqualTo(":1\r\n");
        assertThat(ca.take()).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(cb.take()).isEqualTo("*2\r\n$3\r\nsrc\r\n$1\r\nx\r\n");
        assertThat(engine.blocking().blockedClients()).isZero();
        assertThat(engine.blocking().waitingKeys()).isZero();
    }

    @Test
    void clientUnblockAnswersTheWaiterOnly() {
        FakeChannel ca = new FakeChannel();
        FakeChannel cb = new FakeChannel();
        Client a = engine.connect(ca);
        Client b = engine.connect(cb);
        run(a, ca, "BLMPOP", "0", "1", "l", "LEFT");
        assertThat(run(b, cb, "CLIENT", "UNBLOCK", Long.toString(a.id()), "ERROR")).isEqualTo(":1\r\n");
        assertThat(ca.take()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
        assertThat(engine.blocking().waitingKeys()).isZero();
        assertThat(run(b, cb, "CLIENT", "UNBLOCK", Long.toString(a.id()))).isEqualTo(":0\r\n");
    }
}
