package org.safemerge.experiment;

import java.util.List;

/**
 * One row of the reproduction's tables: a parent model or a merge, with its held-out scores in percent.
 *
 * @param pool      the pool's id ({@link PoolSpec#id()})
 * @param method    {@code parent} for a parent, else the merge method ({@code ties}, {@code dare_ties},
 *                  {@code slerp}, {@code linear})
 * @param weighting {@code -} (parents), {@code grid}, {@code evomm} or {@code lm-cocktail}
 * @param data      {@code -} (parents, grid search), {@code expert} or {@code expert+safety}
 * @param alignment % safe replies on the held-out harmful prompts
 * @param domainAcc the pool's domain accuracy on the held-out questions, %
 * @param model     a parent's model name (e.g. {@code tiny-instruct}); {@code -} for a merge
 */
public record ResultRow(String pool, String method, String weighting, String data, double alignment,
                        double domainAcc, String model) {
    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of("pool", "method", "weighting", "data", "alignment", "domain_acc",
            "model");
    /** Allowed weightings. */
    public static final List<String> WEIGHTINGS = List.of("-", "grid", "evomm", "lm-cocktail");
    /** Allowed data values. */
    public static final List<String> DATA = List.of("-", "expert", "expert+safety");
    /** A parent row's method. */
    public static final String PARENT = "parent";

    public ResultRow {
        if (!WEIGHTINGS.contains(weighting)) {
            throw new IllegalArgumentException("weighting '" + weighting + "' is not one of " + WEIGHTINGS);
        }
        if (!DATA.contains(data)) {
            throw new IllegalArgumentException("data '" + data + "' is not one of " + DATA);
        }
        check("alignment", alignment);
        check("domain_acc", domainAcc);
        if (method.equals(PARENT) == model.equals("-")) {
            throw new IllegalArgumentException("model '" + model + "' for method '" + method + "': a parent row names"
                    + " its model, a merge row has '-'");
        }
    }

    /** A merge's row. */
    public ResultRow(String pool, String method, String weighting, String data, double alignment, double domainAcc) {
        this(pool, method, weighting, data, alignment, domainAcc, "-");
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException(name + " " + v + " is not a percentage in [0, 100]");
        }
    }

    /** @return a parent's row */
    public static ResultRow parent(String pool, String model, double alignment, double domainAcc) {
        return new ResultRow(pool, PARENT, "-", "-", alignment, domainAcc, model);
    }

    /** @return true for a parent's row */
    public boolean isParent() {
        return method.equals(PARENT);
    }

    /** @return the parent's model name (for a parent row) */
    public String parentModel() {
        return isParent() ? model : null;
    }

    /** @return a short label for plots: "ties grid", "ties evomm +safety", "tiny-math" */
    public String label() {
        if (isParent()) {
            return parentModel();
        }
        String d = switch (data) {
            case "expert" -> " D_expert";
            case "expert+safety" -> " +safety";
            default -> "";
        };
        return method + " " + weighting + d;
    }
}
