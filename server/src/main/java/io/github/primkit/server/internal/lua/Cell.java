package io.github.primkit.server.internal.lua;

/** A captured local (an upvalue): the frame slot of a captured local holds its cell. */
final class Cell {
    Object v;

    Cell(Object v) {
        this.v = v;
    }
}
