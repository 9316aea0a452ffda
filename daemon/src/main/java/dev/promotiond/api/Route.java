package dev.promotiond.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One GET route: a path pattern with named groups and the handler that answers it with a JSON-able value. */
record Route(Pattern path, Handler handler) {
    interface Handler {
        Object handle(Matcher path, Map<String, String> query);
    }

    static Route get(String regex, Handler handler) {
        return new Route(Pattern.compile(regex), handler);
    }
}
