package dev.promotiond.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The log setup, in code rather than logback.xml: parsing XML (Joran and a SAX parser, some 600
 * classes) cost 0.1–0.2 s of every start. One line per event on standard error; the level of the
 * root logger comes from the system property or environment variable PROMOTIOND_LOG_LEVEL
 * (default INFO). With {@code -Dlogback.configurationFile=FILE} logback reads that file instead.
 * Found by logback through META-INF/services. {@code --log-format json} swaps the encoder of this
 * appender for {@link JsonLineEncoder}; a logback file of your own decides the format itself.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level(), Level.INFO));
        root.addAppender(stderr);
        // Drools logs every failed build at ERROR; promotiond reports rule errors itself, with file:line.
        context.getLogger("org.drools.compiler.kie.builder.impl.KieProject").setLevel(Level.OFF);
        context.getLogger("org.drools").setLevel(Level.WARN);
        context.getLogger("org.kie").setLevel(Level.WARN);
        context.getLogger("okhttp3").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN); // the store logs what a migration did, once
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Writes every later event as one JSON object per line, on the same appender. Does nothing when a
     * logback file of the user's configured logging (there is no appender of ours to change then).
     */
    static void useJson() {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (!(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")
                instanceof ConsoleAppender<ILoggingEvent> stderr)) {
            return;
        }
        JsonLineEncoder json = new JsonLineEncoder();
        json.setContext(context);
        json.start();
        stderr.setEncoder(json);
    }

    private static String level() {
        String level = System.getProperty("PROMOTIOND_LOG_LEVEL");
        return level != null ? level : System.getenv("PROMOTIOND_LOG_LEVEL");
    }
}
