package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** The 422 answer to a reload whose rules do not compile: every error, then the rules that stay live. */
record ReloadFailed(String error, List<RulesView.Problem> errors, @JsonUnwrapped RulesView rules) {
}
