package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * NearSwap: take the other model's value where it is close to the base, keep the base where they differ.
 * Elementwise, {@code w = clamp(t / max(|theta_0 - theta_1|, 1e-6), 0, 1)} and
 * {@code out = w theta_1 + (1 - w) theta_0}.
 *
 * <ul>
 *   <li>Inputs: the base (required) and exactly one other model.</li>
 *   <li>{@code t} (global, required, &ge; 0): the distance under which values are swapped in fully.</li>
 * </ul>
 *
 * @see <a href="https://huggingface.co/alchemonaut/QuartetAnemoi-70B-t0.0001">NearSwap (alchemonaut, 2024)</a>
 */
public final class NearSwapMerge implements MergeMethod {
    @Override
    public String id() {
        return "nearswap";
    }

    @Override
    public String title() {
        return "NearSwap";
    }

    @Override
    public String paperUrl() {
        return "https://huggingface.co/alchemonaut/QuartetAnemoi-70B-t0.0001";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.REQUIRED;
    }

    @Override
    public int minModels() {
        return 1;
    }

    @Override
    public int maxModels() {
        return 1;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.number("t", null, "similarity threshold: values closer than t are swapped")
                .range(t -> t >= 0, "at least 0"));
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        float t = (float) p.number("t");
        return g.map(g.flat(), (c, out) -> {
            float[] b = c.base();
            float[] x = c.model(0);
            for (int j = 0; j < c.length(); j++) {
                float w = Math.min(1f, Math.max(0f, t / Math.max(Math.abs(b[j] - x[j]), 1e-6f)));
                out[j] = w * x[j] + (1 - w) * b[j];
            }
        });
    }
}
