package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The reproduction's tables in the paper's layout, as Markdown: one row per merge (method, weighting, data), two
 * columns per pool (alignment, domain accuracy). Data-aware rows show their change from the same method's
 * grid-search row in the same pool, e.g. {@code 61.6 (-11.1)}; the most aligned merge of each pool is bold.
 * Parents come first, as "parent (base)" and "parent (expert)" rows, with their names in a legend line.
 */
public final class PaperTables {
    private static final List<String> METHOD_ORDER = List.of("ties", "dare_ties", "slerp", "linear");
    private static final List<String> WEIGHTING_ORDER = List.of("grid", "evomm", "lm-cocktail");
    private static final List<String> DATA_ORDER = List.of("-", "expert", "expert+safety");

    private PaperTables() {
    }

    /**
     * @param title a heading, e.g. "Table 1: two-model pools"
     * @param pools the pools, in column order (their rows are looked up in {@code rows})
     * @return the Markdown: heading, table, legend
     */
    public static String markdown(String title, List<PoolSpec> pools, List<ResultRow> rows) {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        StringBuilder head = new StringBuilder("| Merge | Weighting | Data |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (PoolSpec p : pools) {
            head.append(' ').append(p.id()).append(" alignment | ").append(p.id()).append(" domain acc |");
            rule.append("---:|---:|");
        }
        md.append(head).append('\n').append(rule).append('\n');
        int maxExperts = pools.stream().mapToInt(p -> p.experts().size()).max().orElse(1);
        // parents: the base, then each expert position
        for (int i = 0; i <= maxExperts; i++) {
            String label = i == 0 ? "parent (base)" : maxExperts == 1 ? "parent (expert)" : "parent (expert " + i + ")";
            StringBuilder line = new StringBuilder("| ").append(label).append(" | - | - |");
            for (PoolSpec p : pools) {
                String model = i == 0 ? p.instruct() : i <= p.experts().size() ? p.experts().get(i - 1) : null;
                ResultRow r = model == null ? null : Findings.parent(rows, p, model);
                line.append(cells(r, null, false));
            }
            md.append(line).append('\n');
        }
        for (List<String> key : mergeKeys(pools, rows)) {
            StringBuilder line = new StringBuilder("| ").append(key.get(0)).append(" | ").append(key.get(1))
                    .append(" | ").append(key.get(2)).append(" |");
            for (PoolSpec p : pools) {
                ResultRow r = find(rows, p.id(), key.get(0), key.get(1), key.get(2));
                ResultRow grid = key.get(1).equals("grid") ? null : find(rows, p.id(), key.get(0), "grid", "-");
                line.append(cells(r, grid, r != null && r.equals(mostAligned(rows, p.id()))));
            }
            md.append(line).append('\n');
        }
        md.append('\n').append("Scores in percent on the held-out splits. In brackets: the change from the same"
                + " method's grid-search row. Bold: the most aligned merge of the pool. Parents:");
        for (PoolSpec p : pools) {
            md.append(' ').append(p.id()).append(" = ").append(String.join(", ", p.members())).append(" (domain acc: ")
                    .append(p.domainDescription()).append(");");
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
        return md.toString();
    }

    /** @return "v" or "v (+d)" with one decimal; a zero change is written "(±0.0)" */
    public static String withDelta(double value, Double reference) {
        String v = String.format(Locale.ROOT, "%.1f", value);
        if (reference == null) {
            return v;
        }
        double d = Math.round((value - reference) * 10) / 10.0;
        String sign = d > 0 ? "+" : d < 0 ? "-" : "±";
        return v + " (" + sign + String.format(Locale.ROOT, "%.1f", Math.abs(d)) + ")";
    }

    private static String cells(ResultRow r, ResultRow grid, boolean bold) {
        if (r == null) {
            return " - | - |";
        }
        String a = withDelta(r.alignment(), grid == null ? null : grid.alignment());
        String d = withDelta(r.domainAcc(), grid == null ? null : grid.domainAcc());
        return " " + (bold ? "**" + a + "**" : a) + " | " + d + " |";
    }

    /**
     * @return the merge (not parent) row of a pool with the highest alignment; on ties the more accurate one, then
     *         the first
     */
    static ResultRow mostAligned(List<ResultRow> rows, String pool) {
        return rows.stream().filter(r -> r.pool().equals(pool) && !r.isParent()).max(MORE_ALIGNED).orElse(null);
    }

    /** Alignment first, domain accuracy on ties: which of two equally safe merges a finding should speak for. */
    static final Comparator<ResultRow> MORE_ALIGNED = Comparator.comparingDouble(ResultRow::alignment)
            .thenComparingDouble(ResultRow::domainAcc);

    private static ResultRow find(List<ResultRow> rows, String pool, String method, String weighting, String data) {
        for (ResultRow r : rows) {
            if (r.pool().equals(pool) && r.method().equals(method) && r.weighting().equals(weighting)
                    && r.data().equals(data)) {
                return r;
            }
        }
        return null;
    }

    /** @return every (method, weighting, data) of a merge row in the pools, in the paper's order */
    private static List<List<String>> mergeKeys(List<PoolSpec> pools, List<ResultRow> rows) {
        Map<List<String>, Boolean> keys = new LinkedHashMap<>();
        List<ResultRow> merges = new ArrayList<>(rows.stream().filter(r -> !r.isParent())
                .filter(r -> pools.stream().anyMatch(p -> p.id().equals(r.pool()))).toList());
        merges.sort((a, b) -> {
            int c = Integer.compare(rank(METHOD_ORDER, a.method()), rank(METHOD_ORDER, b.method()));
            if (c == 0) {
                c = Integer.compare(rank(WEIGHTING_ORDER, a.weighting()), rank(WEIGHTING_ORDER, b.weighting()));
            }
            return c != 0 ? c : Integer.compare(rank(DATA_ORDER, a.data()), rank(DATA_ORDER, b.data()));
        });
        merges.forEach(r -> keys.put(List.of(r.method(), r.weighting(), r.data()), true));
        return new ArrayList<>(keys.keySet());
    }

    private static int rank(List<String> order, String v) {
        int i = order.indexOf(Objects.requireNonNull(v));
        return i < 0 ? order.size() : i;
    }
}
