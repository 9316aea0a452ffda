package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Criteria;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.StageRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only status page at {@code /}: server-rendered HTML from the last published evaluation
 * and the store's active alerts and holds ({@link Attention}), inline CSS, no script (it must work
 * without JavaScript), refreshed by a meta tag. From the top: what needs attention (active alerts,
 * Production breaches, held versions, components whose last probe was DOWN), then one row of health
 * and readiness per component, then each component's criteria. Every piece of text that comes from
 * data (names, versions, reasons) goes through {@link #escape}; states are shown as words with a
 * symbol, colour only adds to them.
 */
final class StatusPage {
    static final int REFRESH_SECONDS = 10;

    private static final String CSS = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1f2328;background:#fff}
            h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #d0d7de}
            h3{font-size:1.05rem;margin:0 0 .25rem}a{color:#0550ae}code{font-size:.95em}
            .component{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
            .meta,.soak{margin:.2rem 0}.muted{color:#57606a}
            .s{display:inline-block;padding:0 .4rem;border-radius:4px;font-weight:600;border:1px solid}
            .ready,.met,.ok{color:#116329;background:#dafbe1;border-color:#4ac26b}
            .not_ready,.unmet,.failed{color:#82071e;background:#ffebe9;border-color:#ff8182}
            .unknown{color:#3d444d;background:#eaeef2;border-color:#8c959f}
            .not_applicable{color:#3d444d;background:#f6f8fa;border-color:#d0d7de;font-weight:400}
            .at_risk,.drift{color:#6f4e00;background:#fff8c5;border-color:#d4a72c}
            ul.targets{list-style:none;padding:0;margin:.2rem 0}ul.targets li{display:inline-block;margin-right:1rem}
            progress{width:12rem;vertical-align:middle}
            details{margin:.3rem 0}summary{cursor:pointer}
            table{border-collapse:collapse;width:100%;margin:.3rem 0;font-size:.9rem}
            th,td{border:1px solid #d0d7de;padding:.2rem .4rem;text-align:left;vertical-align:top}
            th{background:#f6f8fa}.rule{display:block;color:#57606a;font-size:.85em}
            .up{color:#116329;background:#dafbe1;border-color:#4ac26b}
            .down,.page,.breach{color:#fff;background:#cf222e;border-color:#a40e26}
            .warning,.held{color:#6f4e00;background:#fff8c5;border-color:#d4a72c}
            .attention{border:2px solid #cf222e;border-radius:6px;padding:.4rem .8rem;margin:1rem 0;background:#fff5f5}
            .attention.clear{border-color:#4ac26b;background:#f6fff8}.attention h2{margin-top:.2rem;border:0}
            .attention ul{list-style:none;padding:0;margin:0}.attention li{padding:.35rem 0;border-top:1px solid #ffd8d3}
            .attention li:first-child{border-top:0}
            .scroll{overflow-x:auto}.s{white-space:nowrap}table.health td.reason{min-width:10rem}
            @media (max-width:40rem){body{padding:.5rem;font-size:14px}ul.targets li{display:block}progress{width:8rem}}
            """;

    private StatusPage() {
    }

    /** 200 with the page, or 503 with a short "starting" page before the first evaluation. */
    static ApiRouter.Html answer(Evaluation e, java.util.function.Supplier<Attention> attention) {
        return e == null ? new ApiRouter.Html(503, starting()) : new ApiRouter.Html(200, render(e, attention.get()));
    }

    static String starting() {
        StringBuilder b = new StringBuilder();
        head(b, "promotiond: starting");
        b.append("<h1>promotiond is starting</h1>\n<p>No evaluation has completed yet; this page refreshes every ")
                .append(REFRESH_SECONDS).append(" seconds.</p>\n</body>\n</html>\n");
        return b.toString();
    }

    static String render(Evaluation e) {
        return render(e, Attention.NONE);
    }

    static String render(Evaluation e, Attention attention) {
        StringBuilder b = new StringBuilder(32 * 1024);
        head(b, "promotiond status");
        Map<Readiness, Integer> counts = new EnumMap<>(Readiness.class);
        for (ComponentStatus c : e.components()) {
            for (TargetStatus t : c.targets().values()) {
                counts.merge(t.state(), 1, Integer::sum);
            }
        }
        b.append("<header>\n<h1>promotiond status</h1>\n<p>Evaluated at <time datetime=\"")
                .append(escape(e.evaluatedAt().toString())).append("\">")
                .append(escape(e.evaluatedAt().truncatedTo(ChronoUnit.SECONDS).toString()))
                .append("</time> · refreshes every ").append(REFRESH_SECONDS).append(" s · <a href=\"/api/v1/components\">")
                .append("JSON API</a></p>\n<p>Target verdicts: ");
        for (Readiness r : Readiness.values()) {
            b.append(r == Readiness.READY ? "" : " · ").append(badge(r)).append(' ')
                    .append(counts.getOrDefault(r, 0));
        }
        b.append("</p>\n</header>\n<main>\n");
        AttentionSection.render(b, e, attention);
        HealthTable.render(b, e);
        for (Map.Entry<String, List<ComponentStatus>> g : groups(e.components()).entrySet()) {
            b.append("<section>\n<h2>").append(g.getKey().isEmpty() ? "Ungrouped" : escape(g.getKey())).append("</h2>\n");
            for (ComponentStatus c : g.getValue()) {
                component(b, c);
            }
            b.append("</section>\n");
        }
        if (e.components().isEmpty()) {
            b.append("<p>No components are configured.</p>\n");
        }
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Groups by name, ungrouped last; components by name within a group. */
    private static Map<String, List<ComponentStatus>> groups(List<ComponentStatus> components) {
        Map<String, List<ComponentStatus>> out = new TreeMap<>(
                Comparator.comparing((String g) -> g.isEmpty()).thenComparing(Comparator.naturalOrder()));
        for (ComponentStatus c : components) {
            out.computeIfAbsent(c.config().group(), g -> new ArrayList<>()).add(c);
        }
        out.values().forEach(list -> list.sort(Comparator.comparing(ComponentStatus::name)));
        return out;
    }

    private static void component(StringBuilder b, ComponentStatus c) {
        String api = "/api/v1/components/" + pathSegment(c.name());
        b.append("<article class=\"component\">\n<h3>").append(escape(c.name())).append("</h3>\n");
        b.append("<p class=\"meta\">Stage <b>").append(escape(c.currentStage().title())).append("</b> · version ")
                .append(c.judgedVersion() == null ? "<span class=\"muted\">not known</span>"
                        : "<code>" + escape(c.judgedVersion()) + "</code>");
        StageRecord r = c.stageRecord();
        if (r != null && r.drift()) {
            b.append(" · <span class=\"s drift\"><span aria-hidden=\"true\">⚠ </span>stage drift</span> declared ")
                    .append(escape(r.declared().title())).append(" (").append(escape(r.declaredSource()))
                    .append("), recorded ").append(escape(r.recorded().title()));
        }
        b.append(" · <a href=\"").append(escape(api)).append("\">JSON</a></p>\n");
        List<TargetStatus> targets = new ArrayList<>(c.targets().values());
        targets.sort(Comparator.comparing(TargetStatus::target));
        b.append("<ul class=\"targets\">\n");
        for (TargetStatus t : targets) {
            b.append("<li>→ ").append(escape(t.target().title())).append(": ").append(badge(t.state())).append("</li>\n");
        }
        b.append("</ul>\n");
        soak(b, c);
        for (TargetStatus t : targets) {
            criteria(b, t, api);
        }
        b.append("</article>\n");
    }

    private static void soak(StringBuilder b, ComponentStatus c) {
        Soak s = c.ledger() == null ? null : c.ledger().soak();
        SoakVerdict v = c.soakVerdict();
        b.append("<p class=\"soak\">Soak: ");
        if (s == null && v == null) {
            b.append("<span class=\"muted\">")
                    .append(c.config().health() == null ? "none (not probed)" : "none yet (no probe in this stage)")
                    .append("</span></p>\n");
            return;
        }
        long observed = s == null ? 0 : s.observedSeconds();
        long required = v == null ? 0 : v.requiredSeconds();
        if (required > 0) {
            b.append("<progress max=\"").append(required).append("\" value=\"").append(Math.min(observed, required))
                    .append("\">").append(escape(Criteria.percent(Math.min(1.0, (double) observed / required))))
                    .append("</progress> ").append(escape(Criteria.duration(observed))).append(" of ")
                    .append(escape(Criteria.duration(required)));
        } else {
            b.append(escape(Criteria.duration(observed))).append(" observed");
        }
        if (s != null) {
            b.append(" <span class=\"muted\">(").append(escape(s.stage().title()));
            if (s.version() != null) {
                b.append(", version ").append(escape(s.version()));
            }
            b.append(")</span>");
        }
        if (v == null) {
            b.append(" · <span class=\"muted\">not judged</span></p>\n");
            return;
        }
        b.append(" · ").append(badge(v.state()));
        if (v.budgetSeconds() > 0) {
            b.append(" · error budget ").append(escape(Criteria.percent(v.budgetRemainingRatio()))).append(" left (")
                    .append(escape(Criteria.duration(v.budgetSpentSeconds()))).append(" of ")
                    .append(escape(Criteria.duration(v.budgetSeconds()))).append(" spent)");
        }
        if (!v.reason().isEmpty()) {
            b.append("<span class=\"rule\">").append(escape(v.reason())).append("</span>");
        }
        b.append("</p>\n");
    }

    private static void criteria(StringBuilder b, TargetStatus t, String api) {
        b.append("<details>\n<summary>").append(escape(t.target().title())).append(": ").append(badge(t.state()))
                .append(" — ").append(t.criteria().size()).append(t.criteria().size() == 1 ? " criterion" : " criteria")
                .append("</summary>\n");
        if (!t.criteria().isEmpty()) {
            b.append("<table>\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">State</th>")
                    .append("<th scope=\"col\">Observed</th><th scope=\"col\">Threshold</th><th scope=\"col\">Reason</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (CriterionResult r : t.criteria()) {
                b.append("<tr><th scope=\"row\">").append(escape(r.name())).append("</th><td>").append(badge(r.state()))
                        .append("</td><td>").append(escape(r.observed())).append("</td><td>").append(escape(r.threshold()))
                        .append("</td><td>").append(escape(r.reason()));
                if (!r.rule().isEmpty()) {
                    b.append("<span class=\"rule\">rule: ").append(escape(r.rule())).append("</span>");
                }
                b.append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("<p><a href=\"").append(escape(api + "/readiness?target=" + t.target().label()))
                .append("\">readiness JSON for ").append(escape(t.target().title())).append("</a></p>\n</details>\n");
    }

    static String badge(Readiness r) {
        return switch (r) {
            case READY -> badge("ready", "✓", "ready");
            case NOT_READY -> badge("not_ready", "✗", "not ready");
            case UNKNOWN -> badge("unknown", "?", "unknown");
            case NOT_APPLICABLE -> badge("not_applicable", "–", "not applicable");
        };
    }

    static String badge(CriterionState s) {
        return switch (s) {
            case MET -> badge("met", "✓", "met");
            case UNMET -> badge("unmet", "✗", "unmet");
            case UNKNOWN -> badge("unknown", "?", "unknown");
        };
    }

    static String badge(SoakState s) {
        return switch (s) {
            case OK -> badge("ok", "✓", "ok");
            case AT_RISK -> badge("at_risk", "▲", "at risk");
            case FAILED -> badge("failed", "✗", "failed");
            case UNKNOWN -> badge("unknown", "?", "unknown");
        };
    }

    /** A state as a word; the symbol and colour only repeat it, so it reads without either. */
    static String badge(String css, String symbol, String word) {
        return "<span class=\"s " + css + "\"><span aria-hidden=\"true\">" + symbol + " </span>" + word + "</span>";
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    /**
     * An instant as a {@code <time>} element, to the second, with its age at {@code now} ("3m ago"):
     * what an operator compares with the clock on the wall.
     */
    static String time(java.time.Instant at, java.time.Instant now) {
        return time(at, now, false);
    }

    /** @param clock the time of day only when {@code at} is on the same UTC day as {@code now} (a table cell) */
    static String time(java.time.Instant at, java.time.Instant now, boolean clock) {
        if (at == null) {
            return "<span class=\"muted\">never</span>";
        }
        long age = java.time.Duration.between(at, now).toSeconds();
        String text = at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
        if (clock && at.truncatedTo(ChronoUnit.DAYS).equals(now.truncatedTo(ChronoUnit.DAYS))) {
            text = text.substring(text.indexOf(' ') + 1);
        }
        // HTML's datetime takes at most three fractional digits
        return "<time datetime=\"" + escape(at.truncatedTo(ChronoUnit.MILLIS).toString()) + "\">" + escape(text) + "</time>"
                + (age > 0 ? " <span class=\"muted\">(" + escape(Criteria.duration(age)) + " ago)</span>" : "");
    }

    /** One path segment, percent-encoded (a space as %20, not +). */
    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Text or a double-quoted attribute value, safe to place in HTML; null is empty. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = switch (ch) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(ch);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
