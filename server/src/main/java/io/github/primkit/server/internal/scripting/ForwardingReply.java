package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.protocol.Reply;

/** A reply that passes everything to another; subclasses change one method. */
class ForwardingReply implements Reply {
    private final Reply target;

    ForwardingReply(Reply target) {
        this.target = target;
    }

    @Override
    public int protocol() {
        return target.protocol();
    }

    @Override
    public void simple(String text) {
        target.simple(text);
    }

    @Override
    public void error(String text) {
        target.error(text);
    }

    @Override
    public void integer(long value) {
        target.integer(value);
    }

    @Override
    public void bulk(byte[] value) {
        target.bulk(value);
    }

    @Override
    public void bulk(String value) {
        target.bulk(value);
    }

    @Override
    public void nullBulk() {
        target.nullBulk();
    }

    @Override
    public void nullArray() {
        target.nullArray();
    }

    @Override
    public void array(int length) {
        target.array(length);
    }

    @Override
    public void map(int size) {
        target.map(size);
    }

    @Override
    public void set(int size) {
        target.set(size);
    }

    @Override
    public void push(int length) {
        target.push(length);
    }

    @Override
    public void doubleValue(double value) {
        target.doubleValue(value);
    }

    @Override
    public void bool(boolean value) {
        target.bool(value);
    }

    @Override
    public void verbatim(String text) {
        target.verbatim(text);
    }
}
