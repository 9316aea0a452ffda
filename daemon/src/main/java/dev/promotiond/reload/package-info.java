/**
 * reload: live rule reload — watches the rules folder (and SIGHUP), compiles the new rules beside the
 * live ones and swaps one reference only when every file compiled, so a broken file never replaces
 * working rules. May import api (the rules-control contract it serves), export (reload metrics),
 * engine, config and facts; only app sits above it.
 */
package dev.promotiond.reload;
