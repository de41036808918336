package org.runstate.machine.cli;

/** Help texts for parser tests: each names what was asked, so a test can see which help ran. */
final class FixedHelpTexts implements CommandLine.HelpTexts {
    @Override
    public String usage() {
        return "usage\n";
    }

    @Override
    public String version() {
        return "version\n";
    }

    @Override
    public String machines(final String type) {
        return "machines " + type + "\n";
    }
}
