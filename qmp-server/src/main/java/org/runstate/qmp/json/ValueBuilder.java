package org.runstate.qmp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Push-style equivalent of QEMU's recursive-descent {@code json_parser_parse}: it is handed the
 * tokens of one message as they arrive, instead of a buffered token list at the end, and reports
 * the same value or the same first error.
 *
 * <p>QEMU detects each syntax error at the token where its parser would first fail, and only the
 * first error is kept; since that parser reads tokens strictly left to right, checking each token
 * on arrival finds the same error. Two checks happen only when a whole value is complete, as in
 * QEMU: "key is not a string in object" (a container used as a key is parsed in full first) and
 * "duplicate key" (the value is parsed before the key is looked up). Once an error is recorded,
 * the partial tree is dropped and further tokens are ignored until {@link #finish}.
 *
 * <p>Error texts lack the {@code "JSON parse error, "} prefix, which {@link #finish} adds.
 */
final class ValueBuilder {
    /** QEMU's parse_error formats into a 1024-byte buffer: messages are cut to 1023 bytes. */
    private static final int MAX_MESSAGE = 1023;

    /** Where the next token goes, per open container. */
    private enum Expect {
        /** Just after the left curly bracket: a key or the right curly bracket. */
        FIRST_KEY,
        /** After a comma in an object: a key. */
        KEY,
        /** After a key: a colon. */
        COLON,
        /** After a colon: a value. */
        MEMBER_VALUE,
        /** After a member: a comma or the right curly bracket. */
        OBJECT_SEPARATOR,
        /** Just after the left square bracket: an element or the right square bracket. */
        FIRST_ELEMENT,
        /** After a comma in an array: an element. */
        ELEMENT,
        /** After an element: a comma or the right square bracket. */
        ARRAY_SEPARATOR
    }

    /** One open object or array. */
    private static final class Frame {
        final ObjectNode object;
        final ArrayNode array;
        Expect expect;
        String key;

        Frame(final ObjectNode object, final ArrayNode array, final Expect expect) {
            this.object = object;
            this.array = array;
            this.expect = expect;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final StringTokenDecoder strings = new StringTokenDecoder();
    private final ArrayDeque<Frame> open = new ArrayDeque<>();
    private JsonNode result;
    private String error;

    /** Drops everything; the next token starts a new value. */
    void reset() {
        open.clear();
        result = null;
        error = null;
    }

    /** Takes the next token of the message; {@code text[0..length)} is only valid during the call. */
    void accept(final TokenKind kind, final byte[] text, final int length) {
        if (error != null) {
            return;
        }
        if (result != null) {
            // The streamer ends a message as soon as its top-level value is complete.
            throw new IllegalStateException("token after a complete value");
        }
        final Frame top = open.peek();
        final Expect expect = top == null ? Expect.MEMBER_VALUE : top.expect;
        switch (expect) {
            case FIRST_KEY:
                if (kind == TokenKind.RCURLY) {
                    close();
                } else {
                    startValue(kind, text, length);
                }
                break;
            case FIRST_ELEMENT:
                if (kind == TokenKind.RSQUARE) {
                    close();
                } else {
                    startValue(kind, text, length);
                }
                break;
            case KEY:
            case MEMBER_VALUE:
            case ELEMENT:
                startValue(kind, text, length);
                break;
            case COLON:
                if (kind == TokenKind.COLON) {
                    top.expect = Expect.MEMBER_VALUE;
                } else {
                    fail("missing : in object pair");
                }
                break;
            case OBJECT_SEPARATOR:
                separator(top, kind, TokenKind.RCURLY, Expect.KEY, "expected separator in dict");
                break;
            case ARRAY_SEPARATOR:
                separator(top, kind, TokenKind.RSQUARE, Expect.ELEMENT, "expected separator in list");
                break;
            default:
                throw new IllegalStateException("unexpected " + expect);
        }
    }

    /**
     * Ends the message: the value, or the first error with QEMU's prefix.
     * {@code premature EOI} cannot happen with the streamer's framing but is kept for safety.
     */
    JsonMessage finish() {
        final JsonMessage message;
        if (error != null) {
            message = JsonMessage.ofError("JSON parse error, " + error);
        } else if (result != null) {
            message = JsonMessage.ofValue(result);
        } else {
            message = JsonMessage.ofError("JSON parse error, premature EOI");
        }
        reset();
        return message;
    }

    private void separator(final Frame top, final TokenKind kind, final TokenKind closer, final Expect next,
            final String message) {
        if (kind == closer) {
            close();
        } else if (kind == TokenKind.COMMA) {
            top.expect = next;
        } else {
            fail(message);
        }
    }

    private void startValue(final TokenKind kind, final byte[] text, final int length) {
        switch (kind) {
            case LCURLY:
                open.push(new Frame(nodes.objectNode(), null, Expect.FIRST_KEY));
                break;
            case LSQUARE:
                open.push(new Frame(null, nodes.arrayNode(), Expect.FIRST_ELEMENT));
                break;
            case STRING: {
                final String value = strings.decode(text, length);
                if (value == null) {
                    fail(strings.error());
                } else {
                    complete(TextNode.valueOf(value));
                }
                break;
            }
            case INTEGER:
                complete(NumberTokens.integer(text, length));
                break;
            case FLOAT:
                complete(NumberTokens.floating(text, length));
                break;
            case KEYWORD:
                keyword(text, length);
                break;
            default:
                fail("expecting value");
        }
    }

    private void keyword(final byte[] text, final int length) {
        final String word = new String(text, 0, length, StandardCharsets.US_ASCII);
        switch (word) {
            case "true":
                complete(BooleanNode.TRUE);
                break;
            case "false":
                complete(BooleanNode.FALSE);
                break;
            case "null":
                complete(NullNode.getInstance());
                break;
            default:
                fail("invalid keyword '" + word + "'");
        }
    }

    private void close() {
        final Frame done = open.pop();
        complete(done.object != null ? done.object : done.array);
    }

    /** A value is complete: hand it to the enclosing container or make it the result. */
    private void complete(final JsonNode value) {
        final Frame parent = open.peek();
        if (parent == null) {
            result = value;
            return;
        }
        switch (parent.expect) {
            case FIRST_KEY:
            case KEY:
                if (!value.isTextual()) {
                    fail("key is not a string in object");
                    return;
                }
                parent.key = value.textValue();
                parent.expect = Expect.COLON;
                break;
            case MEMBER_VALUE:
                // QEMU checks for duplicates after parsing the value, so errors inside it win.
                if (parent.object.has(parent.key)) {
                    fail("duplicate key");
                    return;
                }
                parent.object.set(parent.key, value);
                parent.key = null;
                parent.expect = Expect.OBJECT_SEPARATOR;
                break;
            case FIRST_ELEMENT:
            case ELEMENT:
                parent.array.add(value);
                parent.expect = Expect.ARRAY_SEPARATOR;
                break;
            default:
                throw new IllegalStateException("value completed while expecting " + parent.expect);
        }
    }

    private void fail(final String message) {
        // First error wins; QEMU also truncates the formatted message (e.g. a huge keyword).
        error = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        open.clear();
    }
}
