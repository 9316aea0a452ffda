package dev.promotiond.evidence;

import java.util.Objects;

/**
 * A rejected report: names the file and says why, in words an uploader can act on ("file is
 * empty", "malformed XML at 12:7: …", "XML entity declarations are not allowed"). Syntax errors
 * carry the line:column of the problem. Bad input only ever surfaces as this exception.
 */
public final class EvidenceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String reason;

    public EvidenceException(String file, String reason) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(reason, "reason"));
        this.file = file;
        this.reason = reason;
    }

    /** The file name as the uploader gave it. */
    public String file() {
        return file;
    }

    /** Why the file was rejected, without the file name. */
    public String reason() {
        return reason;
    }
}
