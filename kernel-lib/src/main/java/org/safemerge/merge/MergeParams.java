package org.safemerge.merge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method's parameters resolved for one tensor: global values, and per-model values for each non-base model in
 * group order (defaults filled in). The planner builds these from a recipe; tests and the search can build them
 * directly with {@link #builder}.
 *
 * <pre>
 * MergeParams p = MergeParams.builder(MergeMethods.get("ties"), 2)
 *         .perModel("weight", 0.7, 0.3).perModel("density", 0.5, 0.5).build();
 * </pre>
 */
public final class MergeParams {
    private final Map<String, Object> global;
    private final List<Map<String, Object>> models;

    private MergeParams(Map<String, Object> global, List<Map<String, Object>> models) {
        this.global = Collections.unmodifiableMap(new LinkedHashMap<>(global));
        List<Map<String, Object>> m = new ArrayList<>();
        models.forEach(x -> m.add(Collections.unmodifiableMap(new LinkedHashMap<>(x))));
        this.models = List.copyOf(m);
    }

    /** @return resolved values as given (already checked and normalised) */
    static MergeParams of(Map<String, Object> global, List<Map<String, Object>> models) {
        return new MergeParams(global, models);
    }

    /** @return a builder for {@code method} with {@code models} non-base models, defaults pre-filled */
    public static Builder builder(MergeMethod method, int models) {
        return new Builder(method, models);
    }

    /** @return the global values by name */
    public Map<String, Object> globals() {
        return global;
    }

    /** @return the per-model values, one map per non-base model */
    public List<Map<String, Object>> perModelValues() {
        return models;
    }

    /** @return the number of models the per-model values cover */
    public int models() {
        return models.size();
    }

    /** @return a global number */
    public double number(String name) {
        return ((Number) global(name)).doubleValue();
    }

    /** @return a global integer */
    public int integer(String name) {
        return ((Number) global(name)).intValue();
    }

    /** @return a global boolean */
    public boolean flag(String name) {
        return (Boolean) global(name);
    }

    /** @return a global choice word */
    public String choice(String name) {
        return (String) global(name);
    }

    /** @return the raw global value */
    public Object global(String name) {
        Object v = global.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value for global parameter '" + name + "'");
        }
        return v;
    }

    /** @return a per-model number for each model, in group order */
    public double[] perModel(String name) {
        double[] out = new double[models.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = models.get(i).get(name);
            if (v == null) {
                throw new IllegalArgumentException("no value for per-model parameter '" + name + "' of model " + i);
            }
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(global.toString());
        for (int i = 0; i < models.size(); i++) {
            sb.append(" m").append(i).append(models.get(i));
        }
        return sb.toString();
    }

    /** Builds parameters for tests, notebooks and the search; checks types and ranges like a recipe would. */
    public static final class Builder {
        private final MergeMethod method;
        private final Map<String, Object> global = new LinkedHashMap<>();
        private final List<Map<String, Object>> models = new ArrayList<>();

        private Builder(MergeMethod method, int n) {
            this.method = method;
            for (int i = 0; i < n; i++) {
                models.add(new LinkedHashMap<>());
            }
            for (ParameterSpec p : method.parameters()) {
                if (p.required()) {
                    continue;
                }
                if (p.isPerModel()) {
                    models.forEach(m -> m.put(p.name(), p.defaultValue()));
                } else {
                    global.put(p.name(), p.defaultValue());
                }
            }
        }

        /** Sets a global parameter. */
        public Builder set(String name, Object value) {
            ParameterSpec p = method.parameter(name);
            if (p.isPerModel()) {
                models.forEach(m -> m.put(name, p.check(value, method.id())));
            } else {
                global.put(name, p.check(value, method.id()));
            }
            return this;
        }

        /** Sets a per-model number, one value per model. */
        public Builder perModel(String name, double... values) {
            ParameterSpec p = method.parameter(name);
            if (values.length != models.size()) {
                throw new IllegalArgumentException("'" + name + "' needs " + models.size() + " values, got "
                        + values.length);
            }
            for (int i = 0; i < values.length; i++) {
                models.get(i).put(name, p.check(values[i], method.id() + " model " + i));
            }
            return this;
        }

        /**
         * @return the parameters
         * @throws IllegalArgumentException if a required parameter has no value
         */
        public MergeParams build() {
            for (ParameterSpec p : method.parameters()) {
                if (p.isPerModel()) {
                    for (int i = 0; i < models.size(); i++) {
                        if (!models.get(i).containsKey(p.name())) {
                            throw new IllegalArgumentException(method.id() + ": missing required parameter '"
                                    + p.name() + "' for model " + i);
                        }
                    }
                } else if (!global.containsKey(p.name())) {
                    throw new IllegalArgumentException(method.id() + ": missing required parameter '" + p.name()
                            + "'");
                }
            }
            MergeParams out = new MergeParams(global, models);
            method.check(out);
            return out;
        }
    }
}
