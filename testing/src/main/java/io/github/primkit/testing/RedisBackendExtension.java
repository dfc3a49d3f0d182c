package io.github.primkit.testing;

import io.github.primkit.testing.internal.BackendPool;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit extension behind {@link RedisBackends}: one invocation of the test class per selected backend. Backends
 * live in the root extension store, so each starts at most once per run and stops when the run ends.
 */
public final class RedisBackendExtension implements ClassTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisBackendExtension.class);

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return context.getTestClass().map(c -> c.isAnnotationPresent(RedisBackends.class)).orElse(false);
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        BackendPool pool = pool(context);
        RedisBackends annotation = context.getRequiredTestClass().getAnnotation(RedisBackends.class);
        List<String> only = Arrays.asList(annotation.only());
        for (String name : only) {
            if (!pool.knownNames().contains(name)) {
                throw new IllegalArgumentException("@RedisBackends(only) names unknown backend \"" + name
                        + "\"; known: " + pool.knownNames());
            }
        }
        List<RedisFeature> requires = Arrays.asList(annotation.requires());
        String className = context.getRequiredTestClass().getSimpleName();
        return pool.selectedNames().stream()
                .filter(name -> only.isEmpty() || only.contains(name))
                .filter(name -> {
                    List<RedisFeature> missing = requires.stream()
                            .filter(feature -> !pool.features(name).contains(feature)).toList();
                    if (!missing.isEmpty()) {
                        System.out.println("[primkit-testing] " + className + " does not run on backend " + name
                                + ": it requires " + missing + ", which " + name + " does not offer yet");
                    }
                    return missing.isEmpty();
                })
                .map(name -> new Invocation(name, pool));
    }

    @Override
    public boolean mayReturnZeroClassTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }

    static BackendPool pool(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(BackendPool.class, type -> BackendPool.create(), BackendPool.class);
    }

    private record Invocation(String name, BackendPool pool) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + name + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Binding(name, pool));
        }

        /**
         * Starts the backend before anything of the invocation runs. A backend that cannot run aborts the whole
         * invocation (reported as skipped, with the reason) or, when required, fails it.
         */
        @Override
        public void prepareInvocation(ExtensionContext context) {
            Optional<String> reason = pool.unavailableReason(name);
            if (reason.isPresent()) {
                if (pool.isRequired(name)) {
                    pool.backend(name); // throws BackendUnavailableException with the reason
                }
                String message = "backend " + name + " cannot run here: " + reason.get();
                pool.reportSkipOnce(name, message);
                throw new TestAbortedException(message);
            }
        }
    }

    /** Binds one invocation to its backend: flush before each test, inject parameters. */
    private record Binding(String name, BackendPool pool) implements BeforeEachCallback, ParameterResolver {
        @Override
        public void beforeEach(ExtensionContext context) {
            RedisBackend backend = pool.backend(name);
            // Surefire names invocations Class[1], Class[2]...: this line in each test's output says which backend.
            System.out.println("[primkit-testing] " + context.getDisplayName() + " on backend " + name + " ("
                    + backend.serverDescription() + ")");
            backend.flushAll();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == RedisBackend.class || type == RedisClusterCommands.class
                    || type == RedisClusterAsyncCommands.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            RedisBackend backend = pool.backend(name);
            Class<?> type = parameter.getParameter().getType();
            if (type == RedisClusterCommands.class) {
                return backend.sync();
            }
            if (type == RedisClusterAsyncCommands.class) {
                return backend.async();
            }
            return backend;
        }
    }
}
