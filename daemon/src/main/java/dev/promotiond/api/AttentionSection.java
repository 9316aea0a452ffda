package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Hold;
import dev.promotiond.store.LedgerView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.promotiond.api.StatusPage.badge;
import static dev.promotiond.api.StatusPage.escape;
import static dev.promotiond.api.StatusPage.time;

/**
 * The top of the status page: everything that needs a person, in one list, so a DOWN service or a
 * page is seen without scrolling. In this order: active alerts (pages before warnings), Production
 * breaches, held versions, components whose last probe was DOWN. A store that could not be read is
 * an item too: alerts and holds are then not known, which is not the same as none.
 */
final class AttentionSection {
    private AttentionSection() {
    }

    static void render(StringBuilder b, Evaluation e, Attention a) {
        List<String> items = new ArrayList<>();
        if (a.unreadable() != null) {
            items.add(badge("unknown", "?", "unknown") + " <b>Active alerts and holds are not known</b>: the store could"
                    + " not be read <span class=\"rule\">" + escape(a.unreadable()) + "</span>");
        }
        for (Attention.ActiveAlert alert : a.alerts()) {
            items.add(alert(alert, e));
        }
        List<ComponentStatus> components = new ArrayList<>(e.components());
        components.sort(Comparator.comparing(ComponentStatus::name));
        for (ComponentStatus c : components) {
            for (Breach br : c.breaches()) {
                items.add(breach(c, br, e));
            }
        }
        for (Hold h : a.holds()) {
            items.add(badge("held", "‖", "held") + " <b>" + escape(h.component()) + "</b> version <code>"
                    + escape(h.version()) + "</code> is held: not ready for Production until an operator clears the"
                    + " hold · since " + time(h.since(), e.evaluatedAt())
                    + (h.reason() == null || h.reason().isEmpty() ? "" : "<span class=\"rule\">" + escape(h.reason()) + "</span>"));
        }
        for (ComponentStatus c : components) {
            LedgerView v = c.ledger();
            if (v != null && v.lastProbeAt() != null && !v.lastProbeUp()) {
                items.add(badge("down", "✗", "DOWN") + " <b>" + escape(c.name()) + "</b> ("
                        + escape(c.currentStage().title()) + "): " + escape(reason(v.lastProbeReason()))
                        + " · last probe " + time(v.lastProbeAt(), e.evaluatedAt()));
            }
        }
        if (items.isEmpty()) {
            b.append("<section class=\"attention clear\" id=\"attention\">\n<h2>Needs attention: nothing</h2>\n<p>")
                    .append(badge("ok", "✓", "all clear"))
                    .append(" No alert is active, no Production breach, no held version, and no component's last"
                            + " probe was DOWN.</p>\n</section>\n");
            return;
        }
        b.append("<section class=\"attention\" id=\"attention\">\n<h2>Needs attention (").append(items.size())
                .append(")</h2>\n<ul>\n");
        for (String item : items) {
            b.append("<li>").append(item).append("</li>\n");
        }
        b.append("</ul>\n</section>\n");
    }

    private static String alert(Attention.ActiveAlert a, Evaluation e) {
        StringBuilder b = new StringBuilder();
        b.append(a.page() ? badge("page", "!", "page") : badge("warning", "▲", escape(a.severity())))
                .append(" <b>").append(escape(a.alertname())).append("</b>");
        if (!a.component().isEmpty()) {
            b.append(" for <b>").append(escape(a.component())).append("</b>");
        }
        b.append(" · firing since ").append(time(a.startsAt(), e.evaluatedAt()));
        if (a.missingSince() != null) {
            b.append(" · its data has been missing since ").append(time(a.missingSince(), e.evaluatedAt()))
                    .append(": it keeps firing until known to be clear");
        }
        b.append("<span class=\"rule\">").append(escape(a.summary()));
        if (!a.description().isEmpty()) {
            b.append(" — ").append(escape(a.description()));
        }
        return b.append("</span>").toString();
    }

    private static String breach(ComponentStatus c, Breach br, Evaluation e) {
        StringBuilder b = new StringBuilder();
        b.append(badge("breach", "✗", "breach")).append(" <b>").append(escape(c.name())).append("</b>");
        if (br.version() != null) {
            b.append(" <code>").append(escape(br.version())).append("</code>");
        }
        b.append(": ").append(escape(br.name())).append(" ").append(escape(br.observed())).append(", threshold ")
                .append(escape(br.threshold()));
        if (br.observedAt() != null) {
            b.append(" · seen ").append(time(br.observedAt(), e.evaluatedAt()));
        }
        if (br.reason() != null && !br.reason().isEmpty()) {
            b.append("<span class=\"rule\">").append(escape(br.reason())).append("</span>");
        }
        return b.toString();
    }

    static String reason(String reason) {
        return reason == null || reason.isEmpty() ? "no reason recorded" : reason;
    }
}
