package org.runstate.qmp.json;

/**
 * Kinds of token the lexer hands to the streamer: QEMU's {@code JSONTokenType} minus
 * interpolation (the monitor never enables {@code %} interpolation) and minus the error and
 * end-of-input pseudo tokens, which {@link JsonLexer} reports through separate callbacks.
 */
enum TokenKind {
    /** Left curly bracket: begins an object. */
    LCURLY,
    /** Right curly bracket: ends an object. */
    RCURLY,
    /** Left square bracket: begins an array. */
    LSQUARE,
    /** Right square bracket: ends an array. */
    RSQUARE,
    /** Colon: separates a key from its value. */
    COLON,
    /** Comma: separates members or elements. */
    COMMA,
    /** {@code -?(0|[1-9][0-9]*)}. */
    INTEGER,
    /** An integer part followed by a fraction and/or an exponent. */
    FLOAT,
    /** {@code [a-z]+}; the parser decides whether it is {@code true}, {@code false} or {@code null}. */
    KEYWORD,
    /** A double- or single-quoted string, quotes included, escapes not yet decoded. */
    STRING
}
