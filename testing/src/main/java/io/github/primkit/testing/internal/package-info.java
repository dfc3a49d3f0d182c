/** Implementation of the test backends: server processes, ports, work directories, the backend pool. */
package io.github.primkit.testing.internal;
