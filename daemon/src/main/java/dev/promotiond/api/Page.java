package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every collection the API lists comes in this envelope: one page of {@code items}, and
 * {@code next}, the opaque cursor that asks for the page after it (null on the last page).
 * {@code total} counts every item across pages where that is cheap, and is absent elsewhere.
 */
record Page<T>(List<T> items, String next, @JsonInclude(JsonInclude.Include.NON_NULL) Integer total) {
    /** Default page size, and the largest a client may ask for with {@code limit}. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    Page {
        items = List.copyOf(items);
    }

    /**
     * The page from {@code fetched}, which holds up to {@code limit + 1} items in order: the extra
     * one only says that more follow, and {@code next} is then the cursor of the last item kept.
     */
    static <T> Page<T> of(List<T> fetched, int limit, java.util.function.Function<T, String> cursorOf, Integer total) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null, total);
        }
        List<T> kept = fetched.subList(0, limit);
        return new Page<>(kept, cursorOf.apply(kept.get(limit - 1)), total);
    }

    /** {@code ?limit=N}: 1..{@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent; 400 naming it otherwise. */
    static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException(400, "bad query parameter limit=" + raw + ": use 1.." + MAX_LIMIT);
    }
}
