package dev.promotiond.api;

import dev.promotiond.facts.Hold;
import dev.promotiond.store.ActionStore;
import java.util.List;
import java.util.function.Function;

/**
 * {@code POST /api/v1/components/{name}/hold/clear[?version=V]}: clears the hold on one version.
 * Without {@code version} it clears the component's only held version, as it always has; when two
 * or more are held it clears nothing (409): a rollback held the bad version, and clearing "all" would
 * release it along with the one the operator meant.
 */
final class HoldClear {
    private HoldClear() {
    }

    static HoldCleared clear(String component, String version, ActionStore actions,
                                     Function<String, List<String>> clearAll) {
        List<String> held = held(actions, component);
        List<String> cleared;
        if (version != null) {
            if (version.isBlank()) {
                throw new ApiException(400, "bad query parameter version: empty (name the held version to clear)");
            }
            if (!actions.clearHold(component, version)) {
                throw new ApiException(404, "version " + version + " of " + component + " is not held"
                        + (held.isEmpty() ? " (nothing is held)" : " (held: " + String.join(", ", held) + ")"));
            }
            cleared = List.of(version);
        } else if (held.size() > 1) {
            throw new ApiException(409, component + " has " + held.size() + " held versions (" + String.join(", ", held)
                    + "): name the one to clear with ?version=V");
        } else {
            cleared = clearAll.apply(component);
        }
        return new HoldCleared(component, List.copyOf(cleared), held(actions, component));
    }

    private static List<String> held(ActionStore actions, String component) {
        return actions.holds().stream().filter(h -> h.component().equals(component)).map(Hold::version).sorted().toList();
    }
}
