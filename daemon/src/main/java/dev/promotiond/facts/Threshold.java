package dev.promotiond.facts;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One named threshold of the policy, as it applies to one component: the number in base units
 * (a ratio 0..1, seconds, a count, requests per second), the text the operator wrote, which way
 * it bounds, and where it came from. Rules read these from the policy facts ({@link ToStagingPolicy},
 * {@link ToProductionPolicy}, {@link SlaPolicy}, {@link InProductionPolicy}); every criterion built
 * from one shows {@link #describe()}, so an explanation names the number and its source.
 *
 * @param key    the policy's name for it, e.g. {@code to_production.min_uptime}
 * @param value  in base units; NaN for a threshold that is a word (a severity)
 * @param text   as written, e.g. "99.5%", "7d", "300ms", "HIGH"
 * @param bound  how an observed value is compared with it
 * @param scope  "default", "group NAME", "component NAME", or "derived from …"
 * @param source where it is written, "policy.yaml:14:18"; "" for a derived value
 */
public final class Threshold {
    private final String key;
    private final double value;
    private final String text;
    private final Bound bound;
    private final String scope;
    private final String source;
    private final String comparison;
    private final String origin;
    private final String described;
    /** Texts built from this threshold and a word or a prefix, by that word or prefix. */
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    public Threshold(String key, double value, String text, Bound bound, String scope, String source) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.text = Objects.requireNonNull(text, "text");
        this.bound = Objects.requireNonNull(bound, "bound");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.source = Objects.requireNonNull(source, "source");
        this.comparison = bound == Bound.SETTING ? text : bound.symbol() + " " + text;
        String who = scope.startsWith("component ") ? "for " + scope.substring("component ".length())
                : scope.startsWith("group ") ? "for " + scope : scope;
        this.origin = source.isEmpty() ? who : who + ", " + source;
        this.described = comparison + " (" + origin + ")";
    }

    /** How an observed value is compared with a threshold. */
    public enum Bound {
        AT_LEAST("≥"), AT_MOST("≤"), SETTING("=");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public String key() {
        return key;
    }

    public double value() {
        return value;
    }

    public String text() {
        return text;
    }

    public Bound bound() {
        return bound;
    }

    public String scope() {
        return scope;
    }

    public String source() {
        return source;
    }

    /** The value as a whole number of seconds (durations). */
    public long seconds() {
        return Math.round(value);
    }

    /** The value as a whole count. */
    public long count() {
        return Math.round(value);
    }

    /** "≥ 99.5%" */
    public String comparison() {
        return comparison;
    }

    /** Where the number comes from, for explanations: "for checkout-api, policy.yaml:40:22". */
    public String origin() {
        return origin;
    }

    /** "≥ 99.5% (default, policy.yaml:14:18)": the comparison and its origin. */
    public String describe() {
        return described;
    }

    /** "≥ 80% lines (default, policy.yaml:21:31)": the comparison, what it counts, its origin. */
    public String describe(String what) {
        return texts.computeIfAbsent("w" + what, k -> comparison + " " + what + " (" + origin + ")");
    }

    /** "{@code text} (default, policy.yaml:17:28)": a threshold text a criterion built, with this origin. */
    public String after(String text) {
        return texts.computeIfAbsent("a" + text, k -> text + " (" + origin + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Threshold t && Double.compare(t.value, value) == 0 && t.key.equals(key)
                && t.text.equals(text) && t.bound == bound && t.scope.equals(scope) && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value, text, bound, scope, source);
    }

    @Override
    public String toString() {
        return key + " " + described;
    }
}
