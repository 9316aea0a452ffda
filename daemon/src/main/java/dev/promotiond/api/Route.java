package dev.promotiond.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route: method, path pattern with named groups, and the handler that answers with a JSON-able
 * value (or an {@code ApiRouter.Html} page). Every POST route mutates state and so requires the
 * bearer token.
 */
record Route(String method, Pattern path, Handler handler, boolean page) {
    interface Handler {
        Object handle(Matcher path, Map<String, String> query, Request request);
    }

    static Route get(String regex, Handler handler) {
        return new Route("GET", Pattern.compile(regex), handler, false);
    }

    /** A GET route that answers an HTML page: JSON-only query parameters such as {@code pretty} do not apply. */
    static Route page(String regex, Handler handler) {
        return new Route("GET", Pattern.compile(regex), handler, true);
    }

    static Route post(String regex, Handler handler) {
        return new Route("POST", Pattern.compile(regex), handler, false);
    }

    boolean mutating() {
        return method.equals("POST");
    }
}
