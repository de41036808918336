package org.runstate.qmp.hmp;

/**
 * What an HMP command prints, collected as {@code human-monitor-command} returns it: QEMU's
 * {@code monitor_puts} turns every {@code \n} into {@code \r\n}, and {@code hmp_handle_error}
 * reports errors as {@code Error: } + message + newline.
 */
final class HmpOutput {
    private final StringBuilder text = new StringBuilder();

    /**
     * {@code monitor_printf}: appends text, each {@code \n} as {@code \r\n}.
     *
     * @param s the text
     */
    void print(final String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                text.append('\r');
            }
            text.append(c);
        }
    }

    /**
     * {@code hmp_handle_error}: the error line a failed command prints on its monitor.
     *
     * @param message the error's message
     */
    void error(final String message) {
        print("Error: " + message + "\n");
    }

    /**
     * Everything printed so far.
     *
     * @return the text with CRLF line ends
     */
    String text() {
        return text.toString();
    }
}
