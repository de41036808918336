package org.runstate.machine.cli;

import java.util.Map;

/**
 * QEMU's keyval parser (util/keyval.c) for the flat options runstate-vm reads with it
 * ({@code -machine}, {@code -smp}, {@code -boot}, {@code -audio}): {@code key=value,...}, an
 * implied first key, {@code ,,} inside values, no flags ({@code Expected '=' after parameter}),
 * {@code help}/{@code ?} as the first element asking for help. A repeated key keeps its last value.
 * Dotted keys (nested structures) are refused: no option runstate-vm reads this way has them.
 */
public final class Keyval {
    private Keyval() {
    }

    /**
     * {@code keyval_parse_into}.
     *
     * @param into the dictionary to add to (in insertion order)
     * @param params the option argument
     * @param impliedKey the implied first key, or null
     * @return whether help was asked for
     * @throws CliError QEMU's message
     */
    public static boolean parseInto(final Map<String, String> into, final String params, final String impliedKey) {
        boolean help = false;
        String implied = impliedKey;
        int p = 0;
        String s = params;
        while (p < s.length()) {
            int len = 0;
            while (p + len < s.length() && s.charAt(p + len) != '=' && s.charAt(p + len) != ',') {
                len++;
            }
            boolean hasEquals = p + len < s.length() && s.charAt(p + len) == '=';
            if (len > 0 && !hasEquals) {
                String word = s.substring(p, p + len);
                if (helpPrefixLength(word) == len) {
                    help = true;
                    p += len;
                    if (p < s.length() && s.charAt(p) == ',') {
                        p++;
                    }
                    implied = null;
                    continue;
                }
                if (implied != null) {
                    into.put(implied, word);
                    p += len;
                    if (p < s.length() && s.charAt(p) == ',') {
                        p++;
                    }
                    implied = null;
                    continue;
                }
            }
            implied = null;
            int keyLen = nameLength(s, p, p + len);
            if (keyLen == 0 || keyLen < len) {
                throw new CliError("Invalid parameter '" + s.substring(p, p + len) + "'");
            }
            if (keyLen >= 128) {
                throw new CliError("Parameter '" + s.substring(p, p + len) + "' is too long");
            }
            String key = s.substring(p, p + len);
            p += len;
            if (!hasEquals) {
                throw new CliError("Expected '=' after parameter '" + key + "'");
            }
            p++;
            StringBuilder value = new StringBuilder();
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == ',') {
                    p++;
                    if (p >= s.length() || s.charAt(p) != ',') {
                        break;
                    }
                }
                value.append(s.charAt(p++));
            }
            into.remove(key); // a repeated key moves to the end, as qdict_put replaces it
            into.put(key, value.toString());
        }
        return help;
    }

    /** {@code starts_with_help_option}: 1 for '?', 4 for "help...", else 0. */
    private static int helpPrefixLength(final String s) {
        if (s.startsWith("?")) {
            return 1;
        }
        return s.startsWith("help") ? 4 : 0;
    }

    /** {@code parse_qapi_name} without downstream prefixes: a letter, then letters, digits, '-', '_'. */
    private static int nameLength(final String s, final int from, final int to) {
        if (from >= to || !isAlpha(s.charAt(from))) {
            return 0;
        }
        int i = from + 1;
        while (i < to && (isAlpha(s.charAt(i)) || Character.isDigit(s.charAt(i)) && s.charAt(i) < 128
                || s.charAt(i) == '-' || s.charAt(i) == '_')) {
            i++;
        }
        return i - from;
    }

    private static boolean isAlpha(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
