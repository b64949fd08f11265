package org.safemerge.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safemerge.merge.Recipe;

/** Builds candidate recipes from a search's template: same models, base, dtypes and tokenizer, new parameters. */
final class RecipeEdits {
    private RecipeEdits() {
    }

    /**
     * @return a builder for {@code method} carrying the template's base model, dtype, out_dtype, tokenizer source,
     *     chat template and base directory (no models, slices or parameters yet)
     */
    static Recipe.Builder like(Recipe template, String method) {
        return Recipe.builder(method).baseModel(template.baseModel()).dtype(template.dtype())
                .outDtype(template.outDtype()).tokenizerSource(template.tokenizerSource())
                .chatTemplate(template.chatTemplate()).baseDir(template.baseDir());
    }

    /**
     * @param perModel values set on every model in {@code models} (others keep theirs)
     * @param models   the models that get {@code perModel}
     * @param global   top-level values set (others keep theirs)
     * @return the template with those parameters replaced
     */
    static Recipe withParameters(Recipe template, Map<String, ?> perModel, List<String> models, Map<String, ?> global) {
        Recipe.Builder b = like(template, template.mergeMethod());
        for (Recipe.ModelEntry m : template.models()) {
            Map<String, Object> params = new LinkedHashMap<>(m.parameters());
            if (models.contains(m.model())) {
                params.putAll(perModel);
            }
            b.model(m.model(), params);
        }
        Map<String, Object> top = new LinkedHashMap<>(template.parameters());
        top.putAll(global);
        top.forEach(b::parameter);
        return b.build();
    }

    /**
     * @return a short display name per model reference: its last path element ({@code ../../zoo/tiny-math} becomes
     *     {@code tiny-math}), or the references as written when two would get the same name
     */
    static List<String> shortNames(List<String> refs) {
        List<String> out = refs.stream().map(r -> {
            String t = r.replaceAll("[/\\\\]+$", "");
            int i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
            return i >= 0 && i < t.length() - 1 ? t.substring(i + 1) : t;
        }).toList();
        return new java.util.HashSet<>(out).size() == out.size() ? out : List.copyOf(refs);
    }

    /** @return a number in short: at most 4 significant digits, no trailing zeros */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** @return values in short, space-separated in brackets: "[0.5 0.25 1]" */
    static String numbers(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(number(v[i]));
        }
        return sb.append(']').toString();
    }
}
