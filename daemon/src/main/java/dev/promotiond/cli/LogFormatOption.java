package dev.promotiond.cli;

import picocli.CommandLine.Option;

/** {@code --log-format text|json} for the commands that run the daemon ({@code run}, {@code demo}). */
final class LogFormatOption {
    enum Format { text, json }

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "log lines on standard error: text (default) or json, one object per line"
                    + " (timestamp, level, logger, thread, message, exception)")
    Format format = Format.text;

    /** Switches the log encoder before the daemon logs anything. */
    void apply() {
        if (format == Format.json) {
            LogSetup.useJson();
        }
    }
}
