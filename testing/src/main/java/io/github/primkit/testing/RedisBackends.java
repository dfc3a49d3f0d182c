package io.github.primkit.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class once per Redis backend: every {@code @Test} method of the class runs against each.
 *
 * <p>Test constructors, lifecycle methods and test methods may declare parameters of type {@link RedisBackend},
 * {@link io.lettuce.core.cluster.api.sync.RedisClusterCommands RedisClusterCommands&lt;String, String&gt;} or
 * {@link io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands RedisClusterAsyncCommands&lt;String,
 * String&gt;}; they receive the current backend and its shared connection. All data is flushed before each test.
 *
 * <p>A backend that cannot run on this machine (its binary is missing, no Docker engine, ...) is skipped with the
 * reason, unless it is listed in {@code primkit.backends.required}, in which case its tests fail with that reason.
 * Servers start once per test run, on free loopback ports in fresh temporary directories, and are stopped when the
 * run ends (also when tests fail); servers left behind by a killed run are removed by the next one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ClassTemplate
@ExtendWith(RedisBackendExtension.class)
public @interface RedisBackends {
    /**
     * Restricts the class to these backends (names as in {@link RedisBackend#name()}); empty means all selected
     * backends. Use sparingly: a pattern's tests belong on every backend.
     */
    String[] only() default {};

    /**
     * Server features the class needs. A backend without one of them does not run the class, and the run prints why
     * (only the bundled server can lack features, while it is being built).
     */
    RedisFeature[] requires() default {};
}
