package org.safemerge.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parameter setting as written in a recipe, in one of mergekit's four forms, evaluated per tensor by
 * {@link #evaluate}:
 * <ul>
 *   <li>{@link Scalar}: {@code weight: 0.5}, {@code normalize: true};</li>
 *   <li>{@link Gradient}: {@code t: [0, 0.5, 1]}, interpolated piecewise-linearly at the layer's position
 *       {@code t in [0, 1]} within its slice: {@code s = t (n-1)}, {@code v[floor s] + frac(s) (v[next] - v[floor s])};</li>
 *   <li>{@link Choices}: a list of non-numbers, item {@code int(t (n-1))} is picked;</li>
 *   <li>{@link Filtered}: {@code [{filter: self_attn, value: 0.3}, {value: 0.7}]}, the first entry whose filter is
 *       absent, {@code "*"} or a plain substring of the tensor name wins (no regex, no glob); its value may be any
 *       form. No match means "not set here", and the next level of precedence is asked.</li>
 * </ul>
 */
public sealed interface ParamValue {
    /**
     * @param tensor the tensor name the filters are matched against
     * @param t      the position within the slice, 0..1
     * @return the value (Number, Boolean or String), or null if no filter matched
     */
    Object evaluate(String tensor, double t);

    /** @return the value as it would be written in YAML: Number, Boolean, String, or nested lists and maps */
    Object toPlain();

    /** A single value: a Number, Boolean or String. */
    record Scalar(Object value) implements ParamValue {
        public Scalar {
            if (!(value instanceof Number || value instanceof Boolean || value instanceof String)) {
                throw new IllegalArgumentException("a parameter value must be a number, a boolean or a string, got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        }

        @Override
        public Object evaluate(String tensor, double t) {
            return value;
        }

        @Override
        public Object toPlain() {
            return value;
        }
    }

    /** Numbers interpolated over the layer position. */
    record Gradient(List<Number> values) implements ParamValue {
        public Gradient {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a gradient needs at least one value");
            }
        }

        @Override
        public Object evaluate(String tensor, double t) {
            int n = values.size();
            double scaled = t * (n - 1);
            int i0 = (int) Math.floor(scaled);
            i0 = Math.max(0, Math.min(i0, n - 1));
            int i1 = Math.min(i0 + 1, n - 1);
            double frac = scaled - i0;
            double a = values.get(i0).doubleValue();
            double b = values.get(i1).doubleValue();
            return a + frac * (b - a);
        }

        @Override
        public Object toPlain() {
            return values;
        }
    }

    /** Non-numeric values picked by layer position. */
    record Choices(List<Object> values) implements ParamValue {
        public Choices {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a list of values needs at least one value");
            }
        }

        @Override
        public Object evaluate(String tensor, double t) {
            int i = (int) (t * (values.size() - 1));
            return values.get(Math.max(0, Math.min(i, values.size() - 1)));
        }

        @Override
        public Object toPlain() {
            return values;
        }
    }

    /** Per-tensor values chosen by name filters; the first match wins. */
    record Filtered(List<Entry> entries) implements ParamValue {
        public Filtered {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a filter list needs at least one entry");
            }
        }

        @Override
        public Object evaluate(String tensor, double t) {
            for (Entry e : entries) {
                if (e.matches(tensor)) {
                    return e.value().evaluate(tensor, t);
                }
            }
            return null;
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>();
            for (Entry e : entries) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                if (e.filter() != null) {
                    m.put("filter", e.filter());
                }
                m.put("value", e.value().toPlain());
                out.add(m);
            }
            return out;
        }
    }

    /**
     * One entry of a filter list.
     *
     * @param filter a plain substring of tensor names, {@code "*"}, or null (matches everything)
     * @param value  the value where it matches
     */
    record Entry(String filter, ParamValue value) {
        /** @return true if this entry applies to the tensor */
        public boolean matches(String tensor) {
            return filter == null || filter.equals("*") || tensor.contains(filter);
        }

        /** @return an entry from a filter and a plain value (see {@link ParamValue#of}) */
        public static Entry of(String filter, Object value) {
            return new Entry(filter, ParamValue.of(value));
        }
    }

    /**
     * Converts a plain value: a Number, Boolean or String; a {@code double[]} or list of numbers (gradient); a list
     * of maps with {@code filter}/{@code value} keys (filter list); another list (choices); or a ParamValue.
     *
     * @throws IllegalArgumentException for anything else
     */
    static ParamValue of(Object value) {
        if (value instanceof ParamValue p) {
            return p;
        }
        if (value instanceof double[] a) {
            List<Number> v = new ArrayList<>();
            for (double x : a) {
                v.add(x);
            }
            return new Gradient(v);
        }
        if (value instanceof List<?> list) {
            if (!list.isEmpty() && list.stream().allMatch(x -> x instanceof Number)) {
                return new Gradient(list.stream().map(x -> (Number) x).toList());
            }
            if (!list.isEmpty() && list.stream().allMatch(x -> x instanceof Map<?, ?> || x instanceof Entry)) {
                List<Entry> entries = new ArrayList<>();
                for (Object x : list) {
                    if (x instanceof Entry e) {
                        entries.add(e);
                        continue;
                    }
                    Map<?, ?> m = (Map<?, ?>) x;
                    for (Object k : m.keySet()) {
                        if (!"filter".equals(k) && !"value".equals(k)) {
                            throw new IllegalArgumentException("a filter entry has keys 'filter' and 'value', found '"
                                    + k + "'");
                        }
                    }
                    if (!m.containsKey("value")) {
                        throw new IllegalArgumentException("a filter entry needs a 'value'");
                    }
                    Object f = m.get("filter");
                    if (f != null && !(f instanceof String)) {
                        throw new IllegalArgumentException("a filter must be a string, found " + f);
                    }
                    entries.add(new Entry((String) f, of(m.get("value"))));
                }
                return new Filtered(entries);
            }
            return new Choices(new ArrayList<>(list));
        }
        return new Scalar(value);
    }

    /** @return a gradient over the given values */
    static ParamValue gradient(double... values) {
        return of(values);
    }

    /** @return a filter list, e.g. {@code filtered(Entry.of("self_attn", 0.3), Entry.of(null, 0.7))} */
    static ParamValue filtered(Entry... entries) {
        return new Filtered(List.of(entries));
    }
}
