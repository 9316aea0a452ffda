package dev.promotiond.facts;

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
public record Threshold(String key, double value, String text, Bound bound, String scope, String source) {

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

    /** Whether {@code observed} satisfies this threshold (NaN never does). */
    public boolean admits(double observed) {
        return switch (bound) {
            case AT_LEAST -> observed >= value;
            case AT_MOST -> observed <= value;
            case SETTING -> observed == value;
        };
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
        return bound == Bound.SETTING ? text : bound.symbol() + " " + text;
    }

    /** Where the number comes from, for explanations: "for checkout-api, policy.yaml:40:22". */
    public String origin() {
        String who = scope.startsWith("component ") ? "for " + scope.substring("component ".length())
                : scope.startsWith("group ") ? "for " + scope : scope;
        return source.isEmpty() ? who : who + ", " + source;
    }

    /** "≥ 99.5% (default, policy.yaml:14:18)": the comparison and its origin. */
    public String describe() {
        return comparison() + " (" + origin() + ")";
    }
}
