package org.safemerge.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeMethods;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.Recipe;

/**
 * The points of a grid search: the Cartesian product of axes, each a parameter and its values. A
 * {@link Scope#PER_MODEL} axis sets the same value on every model with a task vector (every {@code models:} entry
 * but the base); a {@link Scope#GLOBAL} axis sets a top-level parameter (e.g. SLERP's {@code t}).
 *
 * <pre>
 * Grid g = Grid.paper(recipe);                                   // the paper's grid for the recipe's method
 * Grid h = Grid.of(new Grid.Axis("weight", Grid.Scope.PER_MODEL, List.of(0.3, 0.6, 0.9)));
 * Grid w = Grid.parse(recipe, List.of("weight=0.3,0.6,0.9"));    // the same, scope taken from the method
 * </pre>
 *
 * @param axes the axes; the first varies slowest
 */
public record Grid(List<Axis> axes) {
    /** The paper's TIES / DARE-TIES values for density, and for weight with two models. */
    public static final List<Double> PAPER_VALUES = List.of(0.25, 0.5, 1.0);
    /** The paper's TIES / DARE-TIES weights with three models. */
    public static final List<Double> PAPER_WEIGHTS_3 = List.of(0.1, 0.25, 0.33, 0.5, 1.0);
    /** The paper's SLERP values of t. */
    public static final List<Double> PAPER_T = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

    public Grid {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one axis");
        }
    }

    /** Where an axis' value goes. */
    public enum Scope {
        /** The same value on every model with a task vector (the {@code models:} entries other than the base). */
        PER_MODEL,
        /** A top-level parameter. */
        GLOBAL
    }

    /**
     * One parameter and its values.
     *
     * @param parameter the parameter name ({@code weight}, {@code density}, {@code t}, ...)
     * @param scope     where it is set
     * @param values    its values, in order
     */
    public record Axis(String parameter, Scope scope, List<Double> values) {
        public Axis {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("grid axis " + parameter + " has no values");
            }
        }
    }

    /** @return a grid over the given axes */
    public static Grid of(Axis... axes) {
        return new Grid(List.of(axes));
    }

    /**
     * The paper's grid for a recipe's method and pool size (the base and the other models, counted once each):
     * TIES and DARE-TIES density x weight in {0.25, 0.5, 1.0} (9 points) for two models, weight in
     * {0.1, 0.25, 0.33, 0.5, 1.0} x density in {0.25, 0.5, 1.0} (15 points) for three or more, the same values on
     * every expert; SLERP t in {0.1, ..., 1.0} (10 points).
     *
     * @throws IllegalArgumentException for another method (build a grid with {@link #of} or {@link #parse})
     */
    public static Grid paper(Recipe template) {
        java.util.Set<String> pool = new java.util.LinkedHashSet<>();
        if (template.baseModel() != null) {
            pool.add(template.baseModel());
        }
        template.models().forEach(m -> pool.add(m.model()));
        return switch (template.mergeMethod()) {
            case "ties", "dare_ties" -> of(new Axis("density", Scope.PER_MODEL, PAPER_VALUES),
                    new Axis("weight", Scope.PER_MODEL, pool.size() <= 2 ? PAPER_VALUES : PAPER_WEIGHTS_3));
            case "slerp" -> of(new Axis("t", Scope.GLOBAL, PAPER_T));
            default -> throw new IllegalArgumentException("merge_method: the paper has no grid for "
                    + template.mergeMethod() + " (it grid-searches ties, dare_ties and slerp)");
        };
    }

    /**
     * A grid written as axes {@code "name=v1,v2,..."} (e.g. {@code "weight=0.5,0.8,1"}), the first varying slowest:
     * for {@code safemerge search --grid} and for methods the paper does not grid-search. Each name must be a number
     * parameter of the recipe's method; whether it is set per model or globally comes from the method.
     *
     * @throws IllegalArgumentException naming the axis, the value and what was expected
     */
    public static Grid parse(Recipe template, List<String> axes) {
        MergeMethod method = MergeMethods.get(template.mergeMethod());
        List<Axis> parsed = new ArrayList<>();
        for (String text : axes) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("grid axis '" + text + "': expected name=value,value,... (e.g."
                        + " weight=0.5,0.8,1)");
            }
            String name = text.substring(0, eq).strip();
            ParameterSpec spec;
            try {
                spec = method.parameter(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("grid axis '" + text + "': " + method.id() + " has no parameter '"
                        + name + "'; its parameters: " + MergeMethods.describeParameters(method), e);
            }
            boolean numeric = spec.kind() == ParameterSpec.Kind.NUMBER || spec.kind() == ParameterSpec.Kind.INTEGER;
            if (!numeric || spec.isIgnored()) {
                throw new IllegalArgumentException("grid axis '" + text + "': '" + name + "' of " + method.id()
                        + (spec.isIgnored() ? " is accepted but has no effect" : " takes " + spec.expected())
                        + "; a grid varies numbers");
            }
            if (parsed.stream().anyMatch(x -> x.parameter().equals(name))) {
                throw new IllegalArgumentException("grid axis '" + text + "': '" + name + "' is given twice");
            }
            List<Double> values = new ArrayList<>();
            for (String v : text.substring(eq + 1).split(",", -1)) {
                double x;
                try {
                    x = Double.parseDouble(v.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("grid axis '" + text + "': '" + v.strip() + "' is not a"
                            + " number", e);
                }
                values.add(((Number) spec.check(x, "grid axis '" + text + "'")).doubleValue());
            }
            parsed.add(new Axis(name, spec.isPerModel() ? Scope.PER_MODEL : Scope.GLOBAL, values));
        }
        return new Grid(parsed);
    }

    /** @return the number of points */
    public int size() {
        int n = 1;
        for (Axis a : axes) {
            n *= a.values().size();
        }
        return n;
    }

    /** @return every point as parameter name to value, the first axis varying slowest */
    public List<Map<String, Double>> points() {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> p : out) {
                for (double v : a.values()) {
                    Map<String, Double> q = new LinkedHashMap<>(p);
                    q.put(a.parameter(), v);
                    next.add(q);
                }
            }
            out = next;
        }
        return out;
    }
}
