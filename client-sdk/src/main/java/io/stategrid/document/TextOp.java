package io.stategrid.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stategrid.StategridException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A text operation in the ShareDB {@code text} format: a walk over the document made of retains
 * (skip n characters), inserts and deletes (remove n characters). Lengths count Unicode code points,
 * so an emoji is one character and a surrogate pair is never split. The JSON form is an array:
 * {@code [5, "hi", {"d": 3}]} retains 5, inserts "hi", deletes 3; the rest of the text is kept.
 *
 * <p>Immutable and normalized (adjacent components of one kind merged, no trailing retain).
 */
public final class TextOp {

    /** A component: a retain ({@code n > 0}, no text), an insert (text), or a delete ({@code n > 0}, delete). */
    private record Part(int n, String text, boolean delete) {
        static Part retain(int n) {
            return new Part(n, null, false);
        }

        static Part insert(String text) {
            return new Part(text.codePointCount(0, text.length()), text, false);
        }

        static Part delete(int n) {
            return new Part(n, null, true);
        }

        boolean isInsert() {
            return text != null;
        }

        boolean isRetain() {
            return text == null && !delete;
        }
    }

    private final List<Part> parts;

    private TextOp(List<Part> parts) {
        this.parts = Collections.unmodifiableList(parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parses the JSON form. @throws StategridException {@code INVALID_ARGUMENT} naming the bad component */
    public static TextOp parse(String json) {
        return fromJson(DocumentJson.readTree(json));
    }

    /** Builds from a parsed JSON array. @throws StategridException {@code INVALID_ARGUMENT} */
    public static TextOp fromJson(JsonNode node) {
        if (!node.isArray()) {
            throw StategridException.invalid(
                    "a text op is a JSON array of retains (numbers), inserts (strings)"
                            + " and deletes ({\"d\": n}), got %s",
                    node.getNodeType().toString().toLowerCase());
        }
        Builder builder = new Builder();
        int index = 0;
        for (JsonNode c : node) {
            if (c.isIntegralNumber() && c.canConvertToInt() && c.intValue() > 0) {
                builder.retain(c.intValue());
            } else if (c.isTextual() && !c.textValue().isEmpty()) {
                builder.insert(c.textValue());
            } else if (c.isObject()
                    && c.size() == 1
                    && c.path("d").isIntegralNumber()
                    && c.path("d").canConvertToInt()
                    && c.path("d").intValue() > 0) {
                builder.delete(c.path("d").intValue());
            } else {
                throw StategridException.invalid(
                        "text op component %d must be a positive retain count, a non-empty"
                                + " insert string or {\"d\": positive count}, got %s",
                        index, c);
            }
            index++;
        }
        return builder.build();
    }

    /** The JSON form. */
    public String toJson() {
        ArrayNode array = DocumentJson.MAPPER.createArrayNode();
        for (Part part : parts) {
            if (part.isInsert()) {
                array.add(part.text());
            } else if (part.delete()) {
                array.addObject().put("d", part.n());
            } else {
                array.add(part.n());
            }
        }
        return array.toString();
    }

    /** True when the op changes nothing. */
    public boolean isNoop() {
        return parts.isEmpty();
    }

    /** Code points of the text this op must at least span (its retains and deletes). */
    public long baseLength() {
        long length = 0;
        for (Part part : parts) {
            if (!part.isInsert()) {
                length += part.n();
            }
        }
        return length;
    }

    /**
     * Applies this op to {@code text}.
     *
     * @throws StategridException {@code INVALID_ARGUMENT} when the op reaches past the end of the text
     */
    public String apply(String text) {
        int length = text.codePointCount(0, text.length());
        if (baseLength() > length) {
            throw StategridException.invalid("the op spans %d characters but the text has %d", baseLength(), length);
        }
        // Without surrogate pairs a code point is a char, so offsets need no scan (a retain over a long
        // text walked it char by char).
        boolean oneCharEach = length == text.length();
        // Pieces joined once: String.join sizes the result and copies each piece into it, and a span that is
        // the whole text (an insert at either end) is the text itself, so the text is copied once, not
        // twice as through a StringBuilder and its toString.
        List<String> pieces = new ArrayList<>(parts.size() + 1);
        int at = 0;
        for (Part part : parts) {
            if (part.isInsert()) {
                pieces.add(part.text());
            } else {
                int end = oneCharEach ? at + part.n() : text.offsetByCodePoints(at, part.n());
                if (part.isRetain()) {
                    pieces.add(text.substring(at, end));
                }
                at = end;
            }
        }
        pieces.add(text.substring(at));
        return String.join("", pieces);
    }

    /**
     * This op rewritten to apply after {@code other}, both having been made against the same text.
     * When both insert at the same place, {@code thisFirst} decides whose text comes first; the two
     * sides of a pair must pass opposite values. The server transforms a submitted op with
     * {@code thisFirst = true} against each op applied since its base; a client transforms its pending
     * ops with {@code true} and the incoming op against them with {@code false}.
     */
    public TextOp transform(TextOp other, boolean thisFirst) {
        Builder out = new Builder();
        Cursor mine = new Cursor(parts);
        for (Part theirs : other.parts) {
            if (theirs.isRetain()) {
                int n = theirs.n();
                while (n > 0) {
                    Part chunk = mine.take(n, true);
                    out.add(chunk);
                    if (!chunk.isInsert()) {
                        n -= chunk.n();
                    }
                }
            } else if (theirs.isInsert()) {
                if (thisFirst && mine.peekInsert()) {
                    out.add(mine.take(-1, true));
                }
                out.retain(theirs.n());
            } else {
                int n = theirs.n();
                while (n > 0) {
                    Part chunk = mine.take(n, true);
                    if (chunk.isInsert()) {
                        out.add(chunk);
                    } else {
                        // Text the other op deleted: our retain or delete of it has nothing left to do.
                        n -= chunk.n();
                    }
                }
            }
        }
        Part rest;
        while ((rest = mine.take(-1, true)) != null) {
            out.add(rest);
        }
        return out.build();
    }

    /**
     * What an editor does with an op from the server that is not its own: its unacknowledged ops (the
     * one in flight first) are rewritten to apply after it, and it is rewritten to apply after them,
     * ready for the local text (ShareDB's client algorithm).
     *
     * @param incoming the server's op, rewritten to apply to the local text
     * @param pending  the editor's ops, rewritten, same order
     */
    public record Rebased(TextOp incoming, List<TextOp> pending) {}

    /** Rebases {@code pending} (oldest first) over {@code incoming}; see {@link Rebased}. */
    public static Rebased rebase(List<TextOp> pending, TextOp incoming) {
        List<TextOp> out = new ArrayList<>(pending.size());
        TextOp theirs = incoming;
        for (TextOp mine : pending) {
            out.add(mine.transform(theirs, true));
            theirs = theirs.transform(mine, false);
        }
        return new Rebased(theirs, List.copyOf(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextOp other && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Walks the components of an op, splitting them as asked; past the end it yields implicit retains. */
    private static final class Cursor {
        private final List<Part> parts;
        private int index;
        private int offset;

        Cursor(List<Part> parts) {
            this.parts = parts;
        }

        boolean peekInsert() {
            return index < parts.size() && parts.get(index).isInsert();
        }

        /** Up to {@code n} (all of the component for -1); inserts whole when {@code wholeInserts}. */
        Part take(int n, boolean wholeInserts) {
            if (index == parts.size()) {
                return n == -1 ? null : Part.retain(n);
            }
            Part c = parts.get(index);
            int left = c.n() - offset;
            if (n == -1 || left <= n || (c.isInsert() && wholeInserts)) {
                Part part = c.isInsert()
                        ? Part.insert(substring(c.text(), offset, c.n()))
                        : c.delete() ? Part.delete(left) : Part.retain(left);
                index++;
                offset = 0;
                return part;
            }
            Part part = c.isInsert()
                    ? Part.insert(substring(c.text(), offset, offset + n))
                    : c.delete() ? Part.delete(n) : Part.retain(n);
            offset += n;
            return part;
        }

        private static String substring(String text, int fromCodePoint, int toCodePoint) {
            if (fromCodePoint == 0 && toCodePoint == text.codePointCount(0, text.length())) {
                return text;
            }
            int from = text.offsetByCodePoints(0, fromCodePoint);
            return text.substring(from, text.offsetByCodePoints(from, toCodePoint - fromCodePoint));
        }
    }

    /** Builds a normalized op. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {}

        /** Keeps the next {@code n} characters. */
        public Builder retain(int n) {
            if (n < 0) {
                throw StategridException.invalid("retain count must be >= 0, got %d", n);
            }
            if (n > 0) {
                add(Part.retain(n));
            }
            return this;
        }

        /** Inserts {@code text}, which must be valid UTF-16 (no lone surrogate). */
        public Builder insert(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw StategridException.invalid("insert contains a lone surrogate at index %d", i);
                }
            }
            if (!text.isEmpty()) {
                add(Part.insert(text));
            }
            return this;
        }

        /** Removes the next {@code n} characters. */
        public Builder delete(int n) {
            if (n < 0) {
                throw StategridException.invalid("delete count must be >= 0, got %d", n);
            }
            if (n > 0) {
                add(Part.delete(n));
            }
            return this;
        }

        private void add(Part part) {
            if (!parts.isEmpty()) {
                Part last = parts.get(parts.size() - 1);
                if (last.isInsert() && part.isInsert()) {
                    parts.set(parts.size() - 1, Part.insert(last.text() + part.text()));
                    return;
                }
                if (last.isRetain() && part.isRetain() || last.delete() && part.delete()) {
                    parts.set(parts.size() - 1, new Part(last.n() + part.n(), null, last.delete()));
                    return;
                }
            }
            parts.add(part);
        }

        public TextOp build() {
            List<Part> copy = new ArrayList<>(parts);
            while (!copy.isEmpty() && copy.get(copy.size() - 1).isRetain()) {
                copy.remove(copy.size() - 1);
            }
            return new TextOp(copy);
        }
    }
}
