package dev.promotiond.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Criteria judged from the supply-chain evidence kinds, for DRL consequences: known
 * vulnerabilities in the dependencies ({@code vulnerabilities}), dependencies with a newer release
 * ({@code outdated}) and open promotion blockers ({@code blockers}). Like {@link EvidenceCriteria},
 * only evidence produced for the running version counts; evidence for another version, or none,
 * makes the result unknown and says which. Thresholds are parameters: they come from the rules.
 * Reasons name what fails, from the evidence's notes, at most {@link #NAMED} of them.
 */
public final class SupplyChainCriteria {
    /** The most ids, packages or titles one reason names; the rest are counted. */
    static final int NAMED = 5;
    /** Ranked severities, highest first, as the vulnerability parsers count them. */
    private static final List<String> RANKED = List.of("critical", "high", "medium", "low");

    private SupplyChainCriteria() {
    }

    /**
     * Vulnerabilities of {@code failAtSeverity} ("CRITICAL", "HIGH", "MEDIUM" or "LOW") or higher
     * must be at most {@code maxFindings}. A vulnerability of unknown severity (every one pip-audit
     * reports: it ranks none) counts as failing when {@code unknownFails}, and the reason says so;
     * otherwise the reason names it as not counted. Never does an unranked vulnerability pass
     * without being mentioned.
     */
    public static CriterionResult vulnerabilities(Component c, Stage target, String name, Collection<?> evidence,
                                                  String failAtSeverity, double maxFindings, boolean unknownFails,
                                                  String rule) {
        return EvidenceCriteria.explained(vulnerabilities0(c, target, name, evidence, failAtSeverity, maxFindings,
                unknownFails, null, null, rule), c, "vulnerabilities", evidence);
    }

    /** @param failAtT and {@code maxT}: the policy thresholds whose origins the threshold text names, or null */
    private static CriterionResult vulnerabilities0(Component c, Stage target, String name, Collection<?> evidence,
                                                    String failAtSeverity, double maxFindings, boolean unknownFails,
                                                    Threshold failAtT, Threshold maxT, String rule) {
        String word = failAtSeverity == null ? "" : failAtSeverity.strip().toLowerCase(Locale.ROOT);
        int cut = RANKED.indexOf(word.equals("moderate") ? "medium" : word);
        if (cut < 0) {
            return EvidenceCriteria.unknown(c, target, name, EvidenceCriteria.shown("-", failAtT, maxT),
                    "the policy's failAtSeverity \"" + failAtSeverity
                    + "\" is not a severity; use CRITICAL, HIGH, MEDIUM or LOW", rule);
        }
        String level = RANKED.get(cut).toUpperCase(Locale.ROOT) + (cut == 0 ? "" : " or higher");
        String threshold = EvidenceCriteria.shown("≤ " + Criteria.fixed(maxFindings, 0) + " of " + level
                + (unknownFails ? " (unknown severity counts)" : ""), failAtT, maxT);
        Evidence e = EvidenceCriteria.current(c, "vulnerabilities", evidence);
        if (e == null) {
            return EvidenceCriteria.unknown(c, target, name, threshold, EvidenceCriteria.whyNot(c, "vulnerabilities", evidence), rule);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i <= cut; i++) {
            if (e.value("severity_" + RANKED.get(i)) == null) {
                missing.add("severity_" + RANKED.get(i));
            }
        }
        if (!missing.isEmpty()) {
            return EvidenceCriteria.unknown(c, target, name, threshold, "vulnerabilities evidence for " + e.version()
                    + " does not report " + String.join(", ", missing) + " (tool: " + e.tool() + ")", rule);
        }
        long ranked = 0;
        List<String> failingLabels = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        List<String> below = new ArrayList<>();
        for (int i = 0; i < RANKED.size(); i++) {
            Double n = e.value("severity_" + RANKED.get(i));
            if (n == null) {
                continue;
            }
            observed.add(Math.round(n) + " " + RANKED.get(i));
            if (i <= cut) {
                ranked += Math.round(n);
                failingLabels.add(RANKED.get(i));
            } else if (n > 0) {
                below.add(Math.round(n) + " " + RANKED.get(i));
            }
        }
        long unranked = Math.round(EvidenceCriteria.orZero(e, "severity_unknown"));
        observed.add(unranked + " unknown");
        if (unknownFails) {
            failingLabels.add("unknown");
        }
        long failing = ranked + (unknownFails ? unranked : 0);
        boolean ok = failing <= maxFindings;
        StringBuilder reason = new StringBuilder();
        if (failing == 0) {
            reason.append("no vulnerabilities of ").append(level);
        } else {
            reason.append(vulns(failing)).append(" of ").append(level);
            if (unknownFails && unranked > 0) {
                reason.append(" (").append(unranked).append(" of unknown severity, counted as ").append(level)
                        .append(" because the report does not rank ").append(unranked == 1 ? "it" : "them").append(')');
            }
            reason.append(ok ? ", within the " : ", more than the ").append(Criteria.fixed(maxFindings, 0))
                    .append(" allowed: ").append(named(notesOf(e, failingLabels), failing));
        }
        if (!unknownFails && unranked > 0) {
            reason.append("; ").append(vulns(unranked)).append(" of unknown severity not counted (the policy allows"
                    + " unranked ones): ").append(named(notesOf(e, List.of("unknown")), unranked));
        }
        if (!below.isEmpty()) {
            reason.append("; below ").append(RANKED.get(cut).toUpperCase(Locale.ROOT)).append(": ")
                    .append(String.join(", ", below));
        }
        return EvidenceCriteria.result(c, target, name, ok, String.join(", ", observed), threshold, reason + provenance(e), rule, e);
    }

    /** At most {@code maxOutdated} dependencies may have a newer release. */
    public static CriterionResult upToDate(Component c, Stage target, String name, Collection<?> evidence,
                                           double maxOutdated, String rule) {
        return EvidenceCriteria.explained(upToDate0(c, target, name, evidence, maxOutdated, null, rule), c, "outdated",
                evidence);
    }

    /** @param maxT the policy threshold whose origin the threshold text names, or null */
    private static CriterionResult upToDate0(Component c, Stage target, String name, Collection<?> evidence,
                                             double maxOutdated, Threshold maxT, String rule) {
        String numbers = "≤ " + Criteria.fixed(maxOutdated, 0) + " outdated";
        String threshold = maxT == null ? numbers : maxT.after(numbers);
        Counted n = count(c, target, name, "outdated", threshold, evidence, rule);
        if (n.unknown() != null) {
            return n.unknown();
        }
        Evidence e = n.evidence();
        long count = n.count();
        boolean ok = count <= maxOutdated;
        String reason = count == 0 ? "every dependency is at its latest release"
                : count + " dependenc" + (count == 1 ? "y has" : "ies have") + " a newer release"
                        + (ok ? ", within the " : ", more than the ") + Criteria.fixed(maxOutdated, 0) + " allowed: "
                        + named(e.notes(), count);
        return EvidenceCriteria.result(c, target, name, ok, count + " outdated", threshold, reason + provenance(e), rule, e);
    }

    /** The running version's {@code kind} evidence and its count (the value named like the kind), or why it is unknown. */
    private record Counted(Evidence evidence, long count, CriterionResult unknown) {
    }

    private static Counted count(Component c, Stage target, String name, String kind, String threshold,
                                 Collection<?> evidence, String rule) {
        Evidence e = EvidenceCriteria.current(c, kind, evidence);
        if (e == null) {
            return new Counted(null, 0, EvidenceCriteria.unknown(c, target, name, threshold,
                    EvidenceCriteria.whyNot(c, kind, evidence), rule));
        }
        Double n = e.value(kind);
        if (n == null) {
            return new Counted(e, 0, EvidenceCriteria.unknown(c, target, name, threshold, kind + " evidence for "
                    + e.version() + " does not report " + kind + " (tool: " + e.tool() + ")", rule));
        }
        return new Counted(e, Math.round(n), null);
    }

    /** No promotion blocker may be open. An empty blocker list is evidence of none. */
    public static CriterionResult noBlockers(Component c, Stage target, String name, Collection<?> evidence,
                                             String rule) {
        return EvidenceCriteria.explained(noBlockers0(c, target, name, evidence, rule), c, "blockers", evidence);
    }

    private static CriterionResult noBlockers0(Component c, Stage target, String name, Collection<?> evidence,
                                               String rule) {
        String threshold = "0 open";
        Counted n = count(c, target, name, "blockers", threshold, evidence, rule);
        if (n.unknown() != null) {
            return n.unknown();
        }
        Evidence e = n.evidence();
        long count = n.count();
        String reason = count == 0 ? "no open promotion blockers"
                : count + " open promotion blocker" + (count == 1 ? "" : "s") + ": " + named(e.notes(), count);
        return EvidenceCriteria.result(c, target, name, count == 0, count + " open", threshold, reason + provenance(e), rule, e);
    }

    /** The notes that begin with one of the severity labels ("critical GHSA-… (pkg 1.0)"). */
    private static List<String> notesOf(Evidence e, List<String> labels) {
        List<String> out = new ArrayList<>();
        for (String note : e.notes()) {
            int space = note.indexOf(' ');
            if (space > 0 && labels.contains(note.substring(0, space))) {
                out.add(note);
            }
        }
        return out;
    }

    /** The first {@link #NAMED} notes, then how many more of {@code total} there are. */
    static String named(List<String> notes, long total) {
        List<String> shown = notes.subList(0, Math.min(NAMED, notes.size()));
        long more = total - shown.size();
        if (shown.isEmpty()) {
            return "the report names none";
        }
        return String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
    }

    private static String vulns(long n) {
        return n + (n == 1 ? " vulnerability" : " vulnerabilities");
    }

    private static String provenance(Evidence e) {
        return " (" + (e.tool().isEmpty() ? "" : e.tool() + ", ") + "version " + e.version() + ")";
    }

    // ---- The same criteria against policy thresholds: the threshold shown names its origin ----

    /** Dependency vulnerabilities at {@code failAt} or above (unranked ones included) {@code ≤ max}. */
    public static CriterionResult vulnerabilities(Component c, Stage target, String name, Collection<?> evidence,
                                                  Threshold failAt, Threshold max, String rule) {
        return EvidenceCriteria.explained(vulnerabilities0(c, target, name, evidence, failAt.text(), max.value(), true,
                failAt, max, rule), c, "vulnerabilities", evidence);
    }

    /** Outdated dependencies {@code ≤ max}. */
    public static CriterionResult upToDate(Component c, Stage target, String name, Collection<?> evidence,
                                           Threshold max, String rule) {
        return EvidenceCriteria.explained(upToDate0(c, target, name, evidence, max.value(), max, rule), c, "outdated",
                evidence);
    }
}
