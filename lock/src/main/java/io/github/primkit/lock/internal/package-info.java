/** Implementation of {@code io.github.primkit.lock}; not an API, may change in any release. */
package io.github.primkit.lock.internal;
