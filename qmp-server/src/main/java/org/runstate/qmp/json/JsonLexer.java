package org.runstate.qmp.json;

/**
 * Byte-at-a-time JSON lexer with QEMU 7.2's exact token language and error recovery
 * (qobject/json-lexer.c with interpolation disabled, as on a QMP monitor).
 *
 * <p>What it accepts, and QEMU quirks kept on purpose:
 * <ul>
 *   <li>strings in double or single quotes; inside them any byte 0x20..0xFD, and after a
 *       backslash any byte 0x20..0xFD (bad escapes are the parser's business);
 *   <li>keywords are {@code [a-z]+} (the parser rejects unknown ones);
 *   <li>numbers, integers and floats, end at the first byte that cannot continue them, which is
 *       not consumed (look-ahead), so a bare top-level {@code 42} waits for a delimiter;
 *   <li>a lexical error consumes the offending byte into the error token, then the lexer skips
 *       input until a structural character, a control character other than tab, or 0xFE/0xFF,
 *       and processes that character afresh;
 *   <li>a token longer than the size limit is cut off and reported (QEMU's lexer flush).
 * </ul>
 *
 * <p>The only input it buffers is the token in progress, at most {@code maxTokenSize + 1} bytes.
 */
final class JsonLexer {
    /** Receives tokens and errors in input order. The byte array is only valid during the call. */
    interface Sink {
        /** A complete token; {@code text[0..length)} is its exact input text. */
        void token(TokenKind kind, byte[] text, int length);

        /** A lexical error; {@code text[0..length)} is the token so far including the bad byte. */
        void lexicalError(byte[] text, int length);

        /** A single token grew beyond the size limit and was dropped. */
        void tokenTooLong();
    }

    // Lexer states.
    private static final int START = 0;
    private static final int RECOVERY = 1;
    private static final int DQ_STRING = 2;
    private static final int DQ_ESCAPE = 3;
    private static final int SQ_STRING = 4;
    private static final int SQ_ESCAPE = 5;
    private static final int ZERO = 6;
    private static final int SIGN = 7;
    private static final int DIGITS = 8;
    private static final int MANTISSA = 9;
    private static final int MANTISSA_DIGITS = 10;
    private static final int EXP_E = 11;
    private static final int EXP_SIGN = 12;
    private static final int EXP_DIGITS = 13;
    private static final int KEYWORD = 14;
    /** Outcome: lexical error, the byte is part of the error token. */
    private static final int ERROR = 15;
    /** Outcome: emit the token of kind {@code KINDS[action - EMIT]}. */
    private static final int EMIT = 16;
    /** Flag: the byte ends the current token but is not part of it; process it again. */
    private static final int LOOKAHEAD = 0x100;

    private static final TokenKind[] KINDS = TokenKind.values();
    private static final int INITIAL_CAPACITY = 256;
    /** A buffer grown past this by one huge token is dropped once that token is gone. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final Sink sink;
    private final int maxTokenSize;
    private int state = START;
    private byte[] buffer;
    private int length;
    private boolean interrupted;

    JsonLexer(final Sink sink, final int maxTokenSize) {
        this.sink = sink;
        this.maxTokenSize = maxTokenSize;
        this.buffer = new byte[initialCapacity()];
    }

    /** Forgets the token in progress and any error recovery in progress. */
    void reset() {
        state = START;
        length = 0;
        releaseHugeBuffer();
        // A reset from inside a sink callback must stop the byte being processed, too.
        interrupted = true;
    }

    /** Current capacity of the token buffer, for tests of the memory bound. */
    int bufferCapacity() {
        return buffer.length;
    }

    /** Feeds one byte (0..255). */
    void feed(final int b) {
        interrupted = false;
        boolean consumed;
        do {
            final int action = transition(state, b);
            consumed = (action & LOOKAHEAD) == 0;
            final int next = action & ~LOOKAHEAD;
            if (next >= EMIT) {
                if (consumed) {
                    append(b);
                }
                final int n = length;
                length = 0;
                state = START;
                sink.token(KINDS[next - EMIT], buffer, n);
                if (interrupted) {
                    return;
                }
                releaseHugeBuffer();
            } else if (next == ERROR) {
                append(b);
                final int n = length;
                length = 0;
                state = RECOVERY;
                sink.lexicalError(buffer, n);
                if (interrupted) {
                    return;
                }
                releaseHugeBuffer();
            } else if (next == START || next == RECOVERY) {
                // Whitespace and skipped bytes never become part of a token.
                length = 0;
                state = next;
            } else {
                append(b);
                state = next;
            }
        } while (!consumed);
        // QEMU flushes a token that has grown past the limit (security: bound the buffer).
        if (length > maxTokenSize) {
            length = 0;
            state = START;
            releaseHugeBuffer();
            sink.tokenTooLong();
        }
    }

    private void append(final int b) {
        if (length == buffer.length) {
            // length <= maxTokenSize here, so the buffer never needs more than maxTokenSize + 1.
            final long wanted = Math.max(2L * buffer.length, length + 1L);
            final byte[] grown = new byte[(int) Math.min(wanted, maxTokenSize + 1L)];
            System.arraycopy(buffer, 0, grown, 0, length);
            buffer = grown;
        }
        buffer[length++] = (byte) b;
    }

    private void releaseHugeBuffer() {
        if (buffer.length > RETAINED_CAPACITY && length == 0) {
            buffer = new byte[initialCapacity()];
        }
    }

    private int initialCapacity() {
        return (int) Math.min(INITIAL_CAPACITY, maxTokenSize + 1L);
    }

    private static int transition(final int state, final int b) {
        switch (state) {
            case START:
                return fromStart(b);
            case RECOVERY:
                // Resynchronise on structural characters, control characters other than tab,
                // and 0xFE/0xFF (qmp-spec: a client may send 0xFF or a control char to reset).
                if (b == '\t' || (b >= 0x20 && b <= 0xFD && !isStructural(b))) {
                    return RECOVERY;
                }
                return START | LOOKAHEAD;
            case DQ_STRING:
            case SQ_STRING:
                if (b < 0x20 || b > 0xFD) {
                    return ERROR;
                }
                if (b == '\\') {
                    return state == DQ_STRING ? DQ_ESCAPE : SQ_ESCAPE;
                }
                if (b == (state == DQ_STRING ? '"' : '\'')) {
                    return emit(TokenKind.STRING);
                }
                return state;
            case DQ_ESCAPE:
                return b >= 0x20 && b <= 0xFD ? DQ_STRING : ERROR;
            case SQ_ESCAPE:
                return b >= 0x20 && b <= 0xFD ? SQ_STRING : ERROR;
            case ZERO:
                if (isDigit(b)) {
                    return ERROR; // leading zero
                }
                return b == '.' ? MANTISSA : emit(TokenKind.INTEGER) | LOOKAHEAD;
            case SIGN:
                if (b == '0') {
                    return ZERO;
                }
                return isDigit(b) ? DIGITS : ERROR;
            case DIGITS:
                if (isDigit(b)) {
                    return DIGITS;
                }
                if (b == 'e' || b == 'E') {
                    return EXP_E;
                }
                return b == '.' ? MANTISSA : emit(TokenKind.INTEGER) | LOOKAHEAD;
            case MANTISSA:
                return isDigit(b) ? MANTISSA_DIGITS : ERROR;
            case MANTISSA_DIGITS:
                if (isDigit(b)) {
                    return MANTISSA_DIGITS;
                }
                return b == 'e' || b == 'E' ? EXP_E : emit(TokenKind.FLOAT) | LOOKAHEAD;
            case EXP_E:
                if (b == '+' || b == '-') {
                    return EXP_SIGN;
                }
                return isDigit(b) ? EXP_DIGITS : ERROR;
            case EXP_SIGN:
                return isDigit(b) ? EXP_DIGITS : ERROR;
            case EXP_DIGITS:
                return isDigit(b) ? EXP_DIGITS : emit(TokenKind.FLOAT) | LOOKAHEAD;
            case KEYWORD:
                return b >= 'a' && b <= 'z' ? KEYWORD : emit(TokenKind.KEYWORD) | LOOKAHEAD;
            default:
                throw new IllegalStateException("lexer state " + state);
        }
    }

    private static int fromStart(final int b) {
        switch (b) {
            case '"':
                return DQ_STRING;
            case '\'':
                return SQ_STRING;
            case '0':
                return ZERO;
            case '-':
                return SIGN;
            case '{':
                return emit(TokenKind.LCURLY);
            case '}':
                return emit(TokenKind.RCURLY);
            case '[':
                return emit(TokenKind.LSQUARE);
            case ']':
                return emit(TokenKind.RSQUARE);
            case ',':
                return emit(TokenKind.COMMA);
            case ':':
                return emit(TokenKind.COLON);
            case ' ':
            case '\t':
            case '\r':
            case '\n':
                return START;
            default:
                if (b >= '1' && b <= '9') {
                    return DIGITS;
                }
                // Everything else, upper case and '%' included, is a lexical error.
                return b >= 'a' && b <= 'z' ? KEYWORD : ERROR;
        }
    }

    private static int emit(final TokenKind kind) {
        return EMIT + kind.ordinal();
    }

    private static boolean isDigit(final int b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isStructural(final int b) {
        return b == '{' || b == '}' || b == '[' || b == ']' || b == ':' || b == ',';
    }
}
