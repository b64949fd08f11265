package org.safemerge.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.safemerge.merge.method.ArceeFusionMerge;
import org.safemerge.merge.method.KarcherMerge;
import org.safemerge.merge.method.LinearMerge;
import org.safemerge.merge.method.ModelStockMerge;
import org.safemerge.merge.method.MultiSlerpMerge;
import org.safemerge.merge.method.NearSwapMerge;
import org.safemerge.merge.method.NuSlerpMerge;
import org.safemerge.merge.method.PassthroughMerge;
import org.safemerge.merge.method.RamMerge;
import org.safemerge.merge.method.SceMerge;
import org.safemerge.merge.method.SlerpMerge;
import org.safemerge.merge.method.TaskArithmeticMerge;

/**
 * The registry of merge methods by id: an explicit list (no classpath scanning, no import side effects), plus
 * {@link #register} for methods defined in a notebook.
 *
 * <pre>
 * MergeMethod ties = MergeMethods.get("ties");
 * MergeMethods.get("tie");   // IllegalArgumentException: unknown merge method 'tie'; known: linear, slerp, ...
 * </pre>
 */
public final class MergeMethods {
    private static final Map<String, MergeMethod> REGISTRY = new LinkedHashMap<>();

    static {
        List<MergeMethod> builtIn = new ArrayList<>(List.of(
                new LinearMerge(), new SlerpMerge(), new NuSlerpMerge(), new MultiSlerpMerge(), new KarcherMerge()));
        builtIn.addAll(TaskArithmeticMerge.variants());
        builtIn.addAll(List.of(new SceMerge(), new ModelStockMerge(), new NearSwapMerge(), new ArceeFusionMerge(),
                RamMerge.ram(), RamMerge.ramPlusTl(), new PassthroughMerge()));
        builtIn.forEach(m -> REGISTRY.put(m.id(), m));
    }

    private MergeMethods() {
    }

    /**
     * @return the method registered under {@code id}
     * @throws IllegalArgumentException naming the known ids
     */
    public static MergeMethod get(String id) {
        MergeMethod m;
        synchronized (REGISTRY) {
            m = REGISTRY.get(id);
        }
        if (m == null) {
            throw new IllegalArgumentException("unknown merge method '" + id + "'; known: "
                    + String.join(", ", ids()));
        }
        return m;
    }

    /** @return every registered method, in registration order */
    public static List<MergeMethod> all() {
        synchronized (REGISTRY) {
            return List.copyOf(REGISTRY.values());
        }
    }

    /** @return every registered id */
    public static List<String> ids() {
        synchronized (REGISTRY) {
            return List.copyOf(REGISTRY.keySet());
        }
    }

    /**
     * Adds a method (e.g. one written in a notebook).
     *
     * @throws IllegalArgumentException if the id is taken
     */
    public static void register(MergeMethod method) {
        synchronized (REGISTRY) {
            if (REGISTRY.containsKey(method.id())) {
                throw new IllegalArgumentException("a merge method with id '" + method.id() + "' is registered");
            }
            REGISTRY.put(method.id(), method);
        }
    }

    /** @return "weight, density (per model); normalize, rescale, lambda (global)" for messages */
    public static String describeParameters(MergeMethod m) {
        String perModel = m.parameters().stream().filter(ParameterSpec::isPerModel).map(ParameterSpec::name)
                .collect(Collectors.joining(", "));
        String global = m.parameters().stream().filter(p -> !p.isPerModel()).map(ParameterSpec::name)
                .collect(Collectors.joining(", "));
        if (perModel.isEmpty() && global.isEmpty()) {
            return "none";
        }
        return (perModel.isEmpty() ? "" : perModel + " (per model)") + (perModel.isEmpty() || global.isEmpty()
                ? "" : "; ") + (global.isEmpty() ? "" : global + " (global)");
    }
}
