package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One pool of the reproduction: the aligned instruct model (the base of the task vectors) and its experts, the
 * table it belongs to, and the merge methods the paper compares on it.
 *
 * <p>The paper's pools mapped to the tiny zoo: Table 1 has Mistral + MAmmoTH2 (STEM) as {@code tiny-instruct +
 * tiny-math} and Llama-3 + OpenBioLLM (BIO) as {@code tiny-instruct + tiny-bio}; Table 2's 3-model pool, Mistral +
 * WizardMath (moderately unsafe) + MAmmoTH2 (unsafe), is {@code tiny-instruct + tiny-wizard + tiny-math}.
 *
 * <p>A pool's domain accuracy is the unweighted mean of the accuracies on its experts' distinct domains
 * ({@link #domains()}): STEM for instruct+math, BIO for instruct+bio, and STEM for the 3-model pool, whose two experts
 * are both STEM experts (the paper scores that pool on ARC and WinoGrande, the skills its experts share).
 *
 * @param id       the pool's name in tables, e.g. {@code instruct+math}
 * @param table    1 (two models) or 2 (three models)
 * @param instruct the aligned model's zoo name
 * @param experts  the experts' zoo names
 */
public record PoolSpec(String id, int table, String instruct, List<String> experts) {
    /** The tiny domains an expert can be scored on. */
    public enum Domain {
        STEM, BIO;

        /** @return {@code stem} or {@code bio} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Each zoo expert's domain. */
    public static final Map<String, Domain> EXPERT_DOMAINS = Map.of("tiny-math", Domain.STEM, "tiny-bio", Domain.BIO,
            "tiny-wizard", Domain.STEM);

    public PoolSpec {
        experts = List.copyOf(experts);
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("pool " + id + " has no expert");
        }
        for (String e : experts) {
            if (!EXPERT_DOMAINS.containsKey(e)) {
                throw new IllegalArgumentException("pool " + id + ": expert '" + e + "' has no known domain; expected"
                        + " one of " + EXPERT_DOMAINS.keySet());
            }
        }
    }

    /** @return the paper's three pools: two for Table 1, one for Table 2 */
    public static List<PoolSpec> paper() {
        return List.of(new PoolSpec("instruct+math", 1, "tiny-instruct", List.of("tiny-math")),
                new PoolSpec("instruct+bio", 1, "tiny-instruct", List.of("tiny-bio")),
                new PoolSpec("instruct+wizard+math", 2, "tiny-instruct", List.of("tiny-wizard", "tiny-math")));
    }

    /** @return the pool called {@code id} among the paper's */
    public static PoolSpec paper(String id) {
        return paper().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no pool '" + id + "'; expected one of "
                        + paper().stream().map(PoolSpec::id).toList()));
    }

    /** @return the instruct model then the experts */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        out.add(instruct);
        out.addAll(experts);
        return out;
    }

    /** @return the experts' distinct domains, in expert order */
    public List<Domain> domains() {
        Set<Domain> d = new LinkedHashSet<>();
        experts.forEach(e -> d.add(EXPERT_DOMAINS.get(e)));
        return List.copyOf(d);
    }

    /** @return the merge methods grid-searched and evolved on this pool: SLERP only for two models, as the paper */
    public List<String> methods() {
        return experts.size() == 1 ? List.of("ties", "dare_ties", "slerp") : List.of("ties", "dare_ties");
    }

    /** @return how the domain accuracy is defined, in words */
    public String domainDescription() {
        List<String> names = domains().stream().map(d -> d.label().toUpperCase(Locale.ROOT)).toList();
        return names.size() == 1 ? names.get(0) + " accuracy" : "mean of " + String.join(" and ", names) + " accuracy";
    }
}
