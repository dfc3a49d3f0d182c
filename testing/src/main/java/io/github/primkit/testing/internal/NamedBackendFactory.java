package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;

/** The name and position every built-in backend factory carries. */
abstract class NamedBackendFactory implements BackendFactory {
    private final String name;
    private final int order;

    NamedBackendFactory(String name, int order) {
        this.name = name;
        this.order = order;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int order() {
        return order;
    }
}
