package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.LedgerView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.promotiond.api.StatusPage.badge;
import static dev.promotiond.api.StatusPage.escape;
import static dev.promotiond.api.StatusPage.time;

/**
 * One row per component under the attention list: its stage and version, its last probe (when,
 * UP or DOWN, and why), and its readiness for each target, DOWN rows first. The table scrolls
 * sideways on its own in a narrow window, so the page around it stays readable.
 */
final class HealthTable {
    private HealthTable() {
    }

    static void render(StringBuilder b, Evaluation e) {
        if (e.components().isEmpty()) {
            return;
        }
        Set<Stage> targets = EnumSet.noneOf(Stage.class);
        e.components().forEach(c -> targets.addAll(c.targets().keySet()));
        List<ComponentStatus> rows = new ArrayList<>(e.components());
        rows.sort(Comparator.comparing((ComponentStatus c) -> !down(c)).thenComparing(ComponentStatus::name));
        b.append("<section id=\"health\">\n<h2>Component health</h2>\n<div class=\"scroll\">\n<table class=\"health\">\n")
                .append("<thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Stage</th>")
                .append("<th scope=\"col\">Version</th><th scope=\"col\">Last probe</th><th scope=\"col\">Health</th>");
        for (Stage t : targets) {
            b.append("<th scope=\"col\">→ ").append(escape(t.title())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (ComponentStatus c : rows) {
            LedgerView v = c.ledger();
            b.append("<tr><th scope=\"row\">").append(escape(c.name())).append("</th><td>")
                    .append(escape(c.currentStage().title())).append("</td><td>")
                    .append(c.judgedVersion() == null ? "<span class=\"muted\">not known</span>"
                            : "<code>" + escape(c.judgedVersion()) + "</code>")
                    .append("</td><td>");
            if (v == null || v.lastProbeAt() == null) {
                b.append("<span class=\"muted\">").append(c.config().health() == null ? "not probed" : "no probe yet")
                        .append("</span></td><td>–</td>");
            } else {
                b.append(time(v.lastProbeAt(), e.evaluatedAt(), true)).append("</td><td class=\"reason\">")
                        .append(v.lastProbeUp() ? badge("up", "✓", "UP") : badge("down", "✗", "DOWN"));
                if (!v.lastProbeUp() || (v.lastProbeReason() != null && !v.lastProbeReason().isEmpty())) {
                    b.append(" ").append(escape(v.lastProbeUp() ? v.lastProbeReason()
                            : AttentionSection.reason(v.lastProbeReason())));
                }
                b.append("</td>");
            }
            for (Stage t : targets) {
                TargetStatus s = c.target(t);
                b.append("<td>").append(s == null ? "–" : badge(s.state())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static boolean down(ComponentStatus c) {
        LedgerView v = c.ledger();
        return v != null && v.lastProbeAt() != null && !v.lastProbeUp();
    }
}
