package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Passthrough: copy one model's tensor, optionally scaled ({@code out = scale * theta}). With {@code slices} it
 * builds frankenmerges (layer stacking): output layers are renumbered consecutively and the output config's
 * {@code num_hidden_layers} becomes the sum of the slice lengths.
 *
 * <ul>
 *   <li>Inputs: exactly one model per slice, no base.</li>
 *   <li>{@code scale} (per model, default 1), e.g. 0 on {@code o_proj} through a filter.</li>
 * </ul>
 *
 * @see <a href="https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md">mergekit: Passthrough</a>
 */
public final class PassthroughMerge implements MergeMethod {
    @Override
    public String id() {
        return "passthrough";
    }

    @Override
    public String title() {
        return "Passthrough";
    }

    @Override
    public String paperUrl() {
        return "https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.NONE;
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
        return List.of(ParameterSpec.number("scale", 1.0, "factor applied to the tensor").perModel());
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        float scale = (float) p.perModel("scale")[0];
        return g.map(g.flat(), (c, out) -> {
            float[] x = c.model(0);
            if (scale == 1f) {
                System.arraycopy(x, 0, out, 0, c.length());
            } else {
                for (int j = 0; j < c.length(); j++) {
                    out[j] = scale * x[j];
                }
            }
        });
    }
}
