/** Runnable examples of every Primkit pattern, and {@link io.github.primkit.examples.Tour}, which runs them all. */
package io.github.primkit.examples;
