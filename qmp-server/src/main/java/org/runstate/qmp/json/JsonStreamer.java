package org.runstate.qmp.json;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental JSON input for a QMP connection, behaving byte for byte like QEMU 7.2's
 * json-lexer, json-streamer and json-parser together (qobject/json-*.c).
 *
 * <p>Bytes may arrive in any chunks: a value may span many {@link #feed} calls and one call may
 * hold several values; nothing needs to separate values ({@code {...}{...}} is two). Each
 * complete top-level value and each error yields exactly one {@link JsonMessage}, in input order,
 * synchronously from {@code feed}. Splitting the input differently never changes the messages.
 *
 * <p>Framing, copied from QEMU's streamer: it counts curly and square brackets; a message ends
 * after the first token that leaves neither count positive, or drives either negative. So a
 * top-level scalar is a message by itself, a stray closer is a message (answered
 * {@code "JSON parse error, expecting value"}), and a number needs a following byte to end it.
 * After any error the partial message is dropped and the counts restart from zero, so the
 * closers of an abandoned message each produce their own {@code expecting value} error.
 *
 * <p>Error descriptions, exactly as QEMU words them:
 * <ul>
 *   <li>{@code JSON parse error, stray '<token text>'} for a lexical error, reported at once;
 *   <li>{@code JSON token size limit exceeded}, {@code JSON token count limit exceeded},
 *       {@code JSON nesting depth limit exceeded} for the limits below, reported at once;
 *   <li>{@code JSON parse error, <reason>} for a syntax error, reported when the message ends;
 *       only the first syntax error of a message counts.
 * </ul>
 *
 * <p>Limits (QEMU defaults in brackets): the bytes of all tokens of one message, plus one, may
 * not exceed {@code maxTokenSize} [64 MiB]; a message may not have more than
 * {@code maxTokenCount} tokens [2 Mi]; open curly plus square brackets may not exceed
 * {@code maxNesting} [1024].
 *
 * <p>Memory: completed tokens are parsed on arrival and not kept, so the only raw input held is
 * the token being lexed, which is cut off once it exceeds {@code maxTokenSize}: a peer can never
 * make this streamer buffer more than {@code maxTokenSize + 1} bytes. The value being built is
 * bounded by the same limits (its tokens total under {@code maxTokenSize} bytes and number at
 * most {@code maxTokenCount}), and is dropped as soon as the message is known to be bad.
 *
 * <p>Not thread-safe: use one instance per connection from its reader. The sink may call
 * {@link #reset} (for example to hang up), which also discards the rest of the current
 * {@code feed}; it must not call {@code feed}.
 */
public final class JsonStreamer {
    /** QEMU's MAX_TOKEN_SIZE: 64 MiB. */
    public static final int DEFAULT_MAX_TOKEN_SIZE = 64 << 20;
    /** QEMU's MAX_TOKEN_COUNT: {@code 2 << 20} tokens. */
    public static final int DEFAULT_MAX_TOKEN_COUNT = 2 << 20;
    /** QEMU's MAX_NESTING: 1024 open curly and square brackets together. */
    public static final int DEFAULT_MAX_NESTING = 1024;

    private final Consumer<JsonMessage> sink;
    private final int maxTokenSize;
    private final int maxTokenCount;
    private final int maxNesting;
    private final JsonLexer lexer;
    private final ValueBuilder builder = new ValueBuilder();

    private int braces;
    private int brackets;
    private long tokenBytes;
    private int tokenCount;
    private boolean feeding;
    private boolean resetDuringFeed;

    /**
     * A streamer with QEMU's limits.
     *
     * @param sink receives every value and error, in order
     */
    public JsonStreamer(final Consumer<JsonMessage> sink) {
        this(sink, DEFAULT_MAX_TOKEN_SIZE, DEFAULT_MAX_TOKEN_COUNT, DEFAULT_MAX_NESTING);
    }

    /**
     * A streamer with chosen limits (tests use small ones).
     *
     * @param sink          receives every value and error, in order
     * @param maxTokenSize  bound on the bytes of one message's tokens plus one, and on one token
     * @param maxTokenCount bound on the number of tokens of one message
     * @param maxNesting    bound on open curly plus square brackets
     */
    public JsonStreamer(final Consumer<JsonMessage> sink, final int maxTokenSize, final int maxTokenCount,
            final int maxNesting) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (maxTokenSize < 1 || maxTokenSize > Integer.MAX_VALUE - 8 || maxTokenCount < 1 || maxNesting < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
        this.maxTokenSize = maxTokenSize;
        this.maxTokenCount = maxTokenCount;
        this.maxNesting = maxNesting;
        this.lexer = new JsonLexer(new LexerEvents(), maxTokenSize);
    }

    /**
     * Consumes bytes; messages completed by them go to the sink before this returns.
     *
     * @param buf bytes
     * @param off first byte to consume
     * @param len number of bytes
     * @throws IllegalStateException if called from the sink
     */
    public void feed(final byte[] buf, final int off, final int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (feeding) {
            throw new IllegalStateException("feed() called from the sink");
        }
        feeding = true;
        resetDuringFeed = false;
        try {
            for (int i = off; i < off + len && !resetDuringFeed; i++) {
                lexer.feed(buf[i] & 0xFF);
            }
        } finally {
            feeding = false;
        }
    }

    /**
     * Drops all partial input, as QEMU does when the client disconnects: the next byte starts a
     * fresh message with the lexer in its start state.
     */
    public void reset() {
        lexer.reset();
        endMessage();
        resetDuringFeed = feeding;
    }

    /** Capacity of the token buffer, so tests can check the memory bound. */
    int bufferCapacity() {
        return lexer.bufferCapacity();
    }

    private void endMessage() {
        braces = 0;
        brackets = 0;
        tokenBytes = 0;
        tokenCount = 0;
        builder.reset();
    }

    private void emitError(final String desc) {
        endMessage();
        sink.accept(JsonMessage.ofError(desc));
    }

    /** QEMU's json_message_process_token, fed by the lexer. */
    private final class LexerEvents implements JsonLexer.Sink {
        @Override
        public void token(final TokenKind kind, final byte[] text, final int length) {
            switch (kind) {
                case LCURLY:
                    braces++;
                    break;
                case RCURLY:
                    braces--;
                    break;
                case LSQUARE:
                    brackets++;
                    break;
                case RSQUARE:
                    brackets--;
                    break;
                default:
                    break;
            }
            // Same checks in the same order as QEMU; note the "+ 1" of the size check.
            if (tokenBytes + length + 1 > maxTokenSize) {
                emitError("JSON token size limit exceeded");
                return;
            }
            if (tokenCount + 1L > maxTokenCount) {
                emitError("JSON token count limit exceeded");
                return;
            }
            if (braces + brackets > maxNesting) {
                emitError("JSON nesting depth limit exceeded");
                return;
            }
            tokenBytes += length;
            tokenCount++;
            builder.accept(kind, text, length);
            if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0) {
                return;
            }
            final JsonMessage message = builder.finish();
            endMessage();
            sink.accept(message);
        }

        @Override
        public void lexicalError(final byte[] text, final int length) {
            // QEMU formats the token with "%s": it ends at a NUL byte, and its invalid UTF-8
            // reaches the client as the escape for U+FFFD.
            emitError("JSON parse error, stray '" + ModUtf8.lenientString(text, 0, length) + "'");
        }

        @Override
        public void tokenTooLong() {
            // QEMU hands the cut-off token to the streamer, whose size check then always fails.
            emitError("JSON token size limit exceeded");
        }
    }
}
