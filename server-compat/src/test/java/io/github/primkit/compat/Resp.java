package io.github.primkit.compat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP reply: its type marker, its text (simple strings, errors, numbers, bulk strings; null for a null bulk or
 * array) and its elements (aggregates). {@link #toString()} is a canonical rendering used in comparisons and
 * failure messages.
 */
record Resp(char type, String text, List<Resp> elements) {
    boolean isError() {
        return type == '-';
    }

    /** The same reply with aggregate elements sorted (for replies whose order Redis leaves unspecified). */
    Resp sorted() {
        if (elements == null) {
            return this;
        }
        List<Resp> copy = new ArrayList<>(elements.size());
        if (type == '%') {
            List<List<Resp>> pairs = new ArrayList<>();
            for (int i = 0; i < elements.size(); i += 2) {
                pairs.add(List.of(elements.get(i).sorted(), elements.get(i + 1).sorted()));
            }
            pairs.sort(Comparator.comparing(Object::toString));
            pairs.forEach(copy::addAll);
        } else {
            elements.forEach(e -> copy.add(e.sorted()));
            copy.sort(Comparator.comparing(Resp::toString));
        }
        return new Resp(type, text, copy);
    }

    @Override
    public String toString() {
        if (elements == null) {
            return type + (text == null ? "(nil)" : text);
        }
        StringBuilder sb = new StringBuilder().append(type).append('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(elements.get(i));
        }
        return sb.append(']').toString();
    }
}
