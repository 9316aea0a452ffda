package dev.promotiond.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of a rules folder plus a {@code test-waivers.drl} that waives some criteria for one
 * component or group: for tests about one part of the gate (the soak, say) whose components have
 * no Prometheus or Alertmanager, the way an operator would waive them.
 */
public final class WaivedRules {
    private WaivedRules() {
    }

    /** Copies {@code rules}' *.drl into {@code dir} and waives each criterion for {@code scope}. */
    public static Path copy(Path rules, Path dir, String scope, String... criteria) throws IOException {
        Files.createDirectories(dir);
        RulesCopy.from(rules, dir);
        StringBuilder b = new StringBuilder("package promotiond.rules;\n\n");
        for (String c : criteria) {
            b.append("rule \"test waiver: ").append(c).append(" for ").append(scope).append("\"\n    salience 1000\nwhen\nthen\n")
                    .append("    insert(new Waiver(\"").append(c).append("\", \"").append(scope)
                    .append("\", \"not what this test is about\", drools.getRule().getName()));\nend\n\n");
        }
        Files.writeString(dir.resolve("test-waivers.drl"), b.toString());
        return dir;
    }
}
