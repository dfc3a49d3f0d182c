package io.github.primkit.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.primkit.ratelimit.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The algorithms of the Lua scripts, in Java, on a clock given by the caller: the reference model the scripts are
 * tested against, and the in-process limiter of {@link io.github.primkit.ratelimit.FailurePolicy#LOCAL_FALLBACK}.
 *
 * <p>Written separately from the scripts, formula for formula in the same order of operations on doubles, so that
 * for the same sequence of (time, permits) it gives exactly the scripts' verdicts. State is kept per key in a bounded
 * Caffeine cache whose entries expire, on the given clock, once idle longer than any limit's state can matter, so
 * expiry never changes a verdict (as in Redis). Thread-safe: decisions on one key are serialised.
 */
final class LocalLimits {
    private final List<Limit> limits;
    private final LongSupplier clockMicros;
    private final Cache<String, KeyState> states;

    /**
     * @param clockMicros the current time in microseconds (windows of the counter align on multiples of the window
     *                    from 0, so an epoch-based clock aligns them as Redis does)
     */
    LocalLimits(List<Limit> limits, long maxKeys, LongSupplier clockMicros) {
        this.limits = List.copyOf(limits);
        this.clockMicros = clockMicros;
        long idleMicros = 0;
        for (Limit limit : limits) {
            idleMicros = Math.max(idleMicros, relevanceMicros(limit));
        }
        this.states = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofNanos(Math.min(idleMicros, 1L << 52) * 1000 + 1_000_000))
                .ticker(() -> clockMicros.getAsLong() * 1000)
                .executor(Runnable::run)
                .build();
    }

    /** How long after its last change a limit's state can still matter. */
    private static long relevanceMicros(Limit limit) {
        long period = LimitScript.micros(limit);
        return switch (limit.algorithm()) {
            case SLIDING_LOG -> period;
            case SLIDING_WINDOW_COUNTER -> 2 * period;
            // Time to refill a full bucket from empty (a burst can borrow at most the capacity).
            case TOKEN_BUCKET, GCRA -> (long) Math.ceil((double) limit.capacity() * period / limit.refillTokens());
        };
    }

    /** Decides for {@code key} at the clock's current time. */
    Verdict decide(String key, long permits) {
        return decide(key, permits, clockMicros.getAsLong());
    }

    /** Decides for {@code key} at {@code nowMicros}. */
    Verdict decide(String key, long permits, long nowMicros) {
        KeyState state = states.get(key, ignored -> new KeyState(limits));
        synchronized (state) {
            return state.decide(nowMicros, permits);
        }
    }

    /** The state of one key: one model per limit, and the driver of decide.lua. */
    private static final class KeyState {
        private final Model[] models;

        KeyState(List<Limit> limits) {
            models = new Model[limits.size()];
            for (int i = 0; i < models.length; i++) {
                Limit limit = limits.get(i);
                double period = LimitScript.micros(limit);
                models[i] = switch (limit.algorithm()) {
                    case SLIDING_LOG -> new LogModel(limit.capacity(), period);
                    case SLIDING_WINDOW_COUNTER -> new CounterModel(limit.capacity(), period);
                    case TOKEN_BUCKET -> new BucketModel(limit.capacity(), limit.refillTokens(), period);
                    case GCRA -> new GcraModel(limit.capacity(), limit.refillTokens(), period);
                };
            }
        }

        Verdict decide(long nowMicros, long requested) {
            double now = nowMicros;
            double permits = requested;
            Check[] checks = new Check[models.length];
            boolean allowed = true;
            for (int i = 0; i < models.length; i++) {
                checks[i] = models[i].check(now, permits);
                allowed = allowed && checks[i].ok;
            }
            int binding = 0;
            double remaining = -1;
            double retry = 0;
            double reset = 0;
            if (allowed) {
                for (int i = 0; i < models.length; i++) {
                    double after = models[i].commit(now, permits, checks[i]);
                    double left = Math.max(0, Math.floor(checks[i].left - permits));
                    if (remaining < 0 || left < remaining) {
                        binding = i;
                        remaining = left;
                        reset = after;
                    }
                }
            } else {
                retry = -1;
                for (int i = 0; i < models.length; i++) {
                    if (!checks[i].ok && checks[i].retry > retry) {
                        binding = i;
                        retry = checks[i].retry;
                    }
                }
                remaining = Math.max(0, Math.floor(checks[binding].left));
                reset = checks[binding].reset;
                retry = Math.max(1, Math.ceil(retry));
            }
            return new Verdict(allowed, binding, (long) remaining, (long) retry, (long) Math.max(0, Math.ceil(reset)),
                    nowMicros);
        }
    }

    /** What a check found; the fields after {@code reset} carry what the commit needs. */
    private static final class Check {
        boolean ok;
        double left;
        double retry;
        double reset;
        double a;
        double b;
        double c;
        double d;
    }

    private interface Model {
        Check check(double now, double permits);

        /** Consumes the permits; returns the reset-after. */
        double commit(double now, double permits, Check check);
    }

    /** sliding_log.lua. */
    private static final class LogModel implements Model {
        private final double limit;
        private final double window;
        private final List<Double> scores = new ArrayList<>(); // ascending, as in the sorted set

        LogModel(double limit, double window) {
            this.limit = limit;
            this.window = window;
        }

        @Override
        public Check check(double now, double permits) {
            double cut = now - window;
            int trimmed = 0;
            while (trimmed < scores.size() && scores.get(trimmed) <= cut) {
                trimmed++;
            }
            scores.subList(0, trimmed).clear();
            double count = scores.size();
            Check r = new Check();
            r.left = limit - count;
            r.ok = count + permits <= limit;
            if (!r.ok) {
                int rank = (int) (count + permits - limit - 1);
                r.retry = scores.get(rank) + window - now;
                r.reset = scores.get(scores.size() - 1) + window - now;
            }
            return r;
        }

        @Override
        public double commit(double now, double permits, Check check) {
            int at = scores.size();
            while (at > 0 && scores.get(at - 1) > now) {
                at--;
            }
            for (int i = 0; i < permits; i++) {
                scores.add(at, now);
            }
            return window;
        }
    }

    /** sliding_window_counter.lua. */
    private static final class CounterModel implements Model {
        private final double limit;
        private final double window;
        private Double storedIndex;
        private double storedCurrent;
        private double storedPrevious;

        CounterModel(double limit, double window) {
            this.limit = limit;
            this.window = window;
        }

        @Override
        public Check check(double now, double permits) {
            double index = Math.floor(now / window);
            double current = 0;
            double previous = 0;
            if (storedIndex != null) {
                if (storedIndex >= index) {
                    index = storedIndex;
                    current = storedCurrent;
                    previous = storedPrevious;
                } else if (storedIndex == index - 1) {
                    previous = storedCurrent;
                }
            }
            double elapsed = now - index * window;
            if (elapsed < 0) {
                elapsed = 0;
            }
            double estimate = previous * (window - elapsed) / window + current;
            Check r = new Check();
            r.a = index;
            r.b = current;
            r.c = previous;
            r.d = elapsed;
            r.left = limit - estimate;
            r.ok = estimate + permits <= limit;
            if (!r.ok) {
                if (current + permits <= limit) {
                    r.retry = window - window * (limit - permits - current) / previous - elapsed;
                } else {
                    r.retry = (window - elapsed) + window - window * (limit - permits) / current;
                }
                if (current > 0) {
                    r.reset = 2 * window - elapsed;
                } else if (previous > 0) {
                    r.reset = window - elapsed;
                } else {
                    r.reset = 0;
                }
            }
            return r;
        }

        @Override
        public double commit(double now, double permits, Check check) {
            storedIndex = check.a;
            storedCurrent = check.b + permits;
            storedPrevious = check.c;
            return 2 * window - check.d;
        }
    }

    /** token_bucket.lua. */
    private static final class BucketModel implements Model {
        private final double capacity;
        private final double refill;
        private final double period;
        private Double storedTokens;
        private double storedStamp;

        BucketModel(double capacity, double refill, double period) {
            this.capacity = capacity;
            this.refill = refill;
            this.period = period;
        }

        @Override
        public Check check(double now, double permits) {
            double tokens = capacity;
            double stamp = now;
            if (storedTokens != null) {
                stamp = storedStamp;
                if (stamp < now) {
                    tokens = Math.min(capacity, storedTokens + (now - stamp) * refill / period);
                    stamp = now;
                } else {
                    tokens = storedTokens;
                }
            }
            Check r = new Check();
            r.a = tokens;
            r.b = stamp;
            r.left = tokens;
            r.ok = tokens >= permits;
            if (!r.ok) {
                r.retry = (permits - tokens) * period / refill;
                r.reset = (capacity - tokens) * period / refill;
            }
            return r;
        }

        @Override
        public double commit(double now, double permits, Check check) {
            double tokens = check.a - permits;
            storedTokens = tokens;
            storedStamp = check.b;
            return (capacity - tokens) * period / refill;
        }
    }

    /** gcra.lua. */
    private static final class GcraModel implements Model {
        private final double burst;
        private final double count;
        private final double period;
        private Double storedTat;

        GcraModel(double burst, double count, double period) {
            this.burst = burst;
            this.count = count;
            this.period = period;
        }

        @Override
        public Check check(double now, double permits) {
            double interval = period / count;
            double tat = storedTat == null ? now : storedTat;
            if (tat < now) {
                tat = now;
            }
            double nextTat = tat + permits * interval;
            double slack = now - (nextTat - burst * interval);
            Check r = new Check();
            r.a = nextTat;
            r.left = slack / interval + permits;
            r.ok = slack >= 0;
            if (!r.ok) {
                r.retry = -slack;
                r.reset = tat - now;
            }
            return r;
        }

        @Override
        public double commit(double now, double permits, Check check) {
            storedTat = check.a;
            return check.a - now;
        }
    }
}
