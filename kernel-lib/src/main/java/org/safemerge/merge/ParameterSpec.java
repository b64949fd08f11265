package org.safemerge.merge;

import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * One parameter a merge method accepts: its name as written in recipes, whether it is global (one value per
 * tensor) or per model (one value per input model, mergekit's "tensor parameters"), its type, its default (none
 * means required) and the values it accepts. The recipe validator, {@code --dry-run}, the README table and
 * {@link MergeParams} all read these, so a method declares its parameters exactly once.
 */
public final class ParameterSpec {
    /** Global parameters take one value per tensor; per-model ones one value per input model. */
    public enum Scope { GLOBAL, PER_MODEL }

    /** Value types. */
    public enum Kind { NUMBER, INTEGER, BOOLEAN, CHOICE }

    private final String name;
    private final Scope scope;
    private final Kind kind;
    private final Object defaultValue;
    private final DoublePredicate valid;
    private final String expected;
    private final List<String> choices;
    private final String description;
    private final boolean ignored;

    private ParameterSpec(String name, Scope scope, Kind kind, Object defaultValue, DoublePredicate valid,
                          String expected, List<String> choices, String description, boolean ignored) {
        this.name = name;
        this.scope = scope;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.valid = valid;
        this.expected = expected;
        this.choices = choices;
        this.description = description;
        this.ignored = ignored;
    }

    /** @return a global number parameter; {@code defaultValue} null means required */
    public static ParameterSpec number(String name, Double defaultValue, String description) {
        return new ParameterSpec(name, Scope.GLOBAL, Kind.NUMBER, defaultValue, v -> true, "a number", List.of(),
                description, false);
    }

    /** @return a global integer parameter */
    public static ParameterSpec integer(String name, Integer defaultValue, String description) {
        return new ParameterSpec(name, Scope.GLOBAL, Kind.INTEGER, defaultValue, v -> true, "an integer",
                List.of(), description, false);
    }

    /** @return a global boolean parameter */
    public static ParameterSpec bool(String name, Boolean defaultValue, String description) {
        return new ParameterSpec(name, Scope.GLOBAL, Kind.BOOLEAN, defaultValue, v -> true, "true or false",
                List.of(), description, false);
    }

    /** @return a global parameter taking one of a few words */
    public static ParameterSpec choice(String name, String defaultValue, String description, String... choices) {
        return new ParameterSpec(name, Scope.GLOBAL, Kind.CHOICE, defaultValue, v -> true,
                "one of " + String.join(", ", choices), List.of(choices), description, false);
    }

    /** @return this parameter taking one value per input model */
    public ParameterSpec perModel() {
        return new ParameterSpec(name, Scope.PER_MODEL, kind, defaultValue, valid, expected, choices, description,
                ignored);
    }

    /** @return this parameter accepting only numbers for which {@code valid} holds, described as {@code expected} */
    public ParameterSpec range(DoublePredicate valid, String expected) {
        return new ParameterSpec(name, scope, kind, defaultValue, valid, expected, choices, description, ignored);
    }

    /** @return this parameter accepted for mergekit compatibility but without effect (documented as such) */
    public ParameterSpec ignored() {
        return new ParameterSpec(name, scope, kind, defaultValue, valid, expected, choices, description, true);
    }

    /** @return the name as written in recipes */
    public String name() {
        return name;
    }

    /** @return global or per model */
    public Scope scope() {
        return scope;
    }

    /** @return true for per-model parameters */
    public boolean isPerModel() {
        return scope == Scope.PER_MODEL;
    }

    /** @return the value type */
    public Kind kind() {
        return kind;
    }

    /** @return the default value (Double, Integer, Boolean or String), or null if the parameter is required */
    public Object defaultValue() {
        return defaultValue;
    }

    /** @return true if the parameter has no default */
    public boolean required() {
        return defaultValue == null;
    }

    /** @return the accepted words of a choice parameter */
    public List<String> choices() {
        return choices;
    }

    /** @return what the parameter means */
    public String description() {
        return description;
    }

    /** @return true if the parameter is accepted but has no effect */
    public boolean isIgnored() {
        return ignored;
    }

    /** @return a description of the accepted values ("between 0 and 1", "true or false") */
    public String expected() {
        return expected;
    }

    /**
     * Checks a value and normalises it to Double, Integer, Boolean or String.
     *
     * @param where the recipe key path or tensor, for the message
     * @throws IllegalArgumentException naming {@code where}, the value and what was expected
     */
    public Object check(Object value, String where) {
        switch (kind) {
            case NUMBER -> {
                if (!(value instanceof Number n) || value instanceof Boolean) {
                    throw bad(value, where, "a number" + (expected.equals("a number") ? "" : " " + expected));
                }
                double v = n.doubleValue();
                if (!Double.isFinite(v) || !valid.test(v)) {
                    throw bad(value, where, expected);
                }
                return v;
            }
            case INTEGER -> {
                if (!(value instanceof Number n) || Math.rint(n.doubleValue()) != n.doubleValue()) {
                    throw bad(value, where, "an integer" + (expected.equals("an integer") ? "" : " " + expected));
                }
                if (!valid.test(n.doubleValue())) {
                    throw bad(value, where, expected);
                }
                return n.intValue();
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw bad(value, where, "true or false");
                }
                return value;
            }
            case CHOICE -> {
                String s = value == null ? null : value.toString().toLowerCase(Locale.ROOT);
                if (!(value instanceof String) || !choices.contains(s)) {
                    throw bad(value, where, expected);
                }
                return s;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private IllegalArgumentException bad(Object value, String where, String what) {
        return new IllegalArgumentException(where + ": " + render(value) + " is not valid for '" + name
                + "'; expected " + what);
    }

    static String render(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    @Override
    public String toString() {
        return name + (isPerModel() ? " (per model" : " (global") + ", " + (required() ? "required"
                : "default " + defaultValue) + ")";
    }
}
