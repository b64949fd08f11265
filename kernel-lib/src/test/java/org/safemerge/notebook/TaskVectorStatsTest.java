package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.io.TensorSet;
import org.safemerge.tensor.FloatTensor;

class TaskVectorStatsTest {
    static TensorSet model(float[] embed, float[] layer0, float[] layer1, float[] head) {
        return new TensorSet()
                .put("model.embed_tokens.weight", FloatTensor.of(embed, 2, 2))
                .put("model.layers.0.self_attn.q_proj.weight", FloatTensor.of(layer0, 4))
                .put("model.layers.1.mlp.up_proj.weight", FloatTensor.of(layer1, 4))
                .put("lm_head.weight", FloatTensor.of(head, 2, 2));
    }

    static final TensorSet BASE = model(new float[] {1, 1, 1, 1}, new float[] {0, 0, 0, 0},
            new float[] {1, 2, 3, 4}, new float[] {0, 0, 0, 0});

    @Test
    void normsAndSignConflictsPerLayerGroupAreExact() {
        // task vectors: math moves layer 0 by (3, 4, 0, 0); bio moves layer 0 by (-1, 1, 0, 0) and layer 1 by (0,0,0,2)
        TensorSet math = model(new float[] {1, 1, 1, 1}, new float[] {3, 4, 0, 0}, new float[] {1, 2, 3, 4},
                new float[] {0, 0, 0, 0});
        TensorSet bio = model(new float[] {1, 1, 1, 1}, new float[] {-1, 1, 0, 0}, new float[] {1, 2, 3, 6},
                new float[] {0, 0, 0, 0});
        Map<String, TensorSet> experts = new LinkedHashMap<>();
        experts.put("math", math);
        experts.put("bio", bio);
        TaskVectorStats s = TaskVectorStats.of(BASE, experts);
        assertEquals(List.of("embed", "layer 0", "layer 1", "head"), s.groups());
        assertArrayEquals(new double[] {0, 5, 0, 0}, s.norms().get("math"), 1e-9);
        assertArrayEquals(new double[] {0, Math.sqrt(2), 2, 0}, s.norms().get("bio"), 1e-9);
        // only layer 0's first entry has one expert up (+3) and one down (-1): 1 of 4 entries
        assertArrayEquals(new double[] {0, 0.25, 0, 0}, s.signConflicts(), 1e-12);
        assertEquals(List.of("group", "norm math", "norm bio", "sign_conflicts"), s.table().columnNames());
        assertTrue(s.toHtml().contains("<table"));
        assertArrayEquals(new float[] {3, 4, 0, 0}, math.load("model.layers.0.self_attn.q_proj.weight").data(),
                "inputs unchanged");
    }

    @Test
    void oneExpertHasNormsButNoConflicts() {
        TaskVectorStats s = TaskVectorStats.of(BASE, Map.of("math", BASE));
        assertTrue(Double.isNaN(s.signConflicts()[0]));
        assertArrayEquals(new double[] {0, 0, 0, 0}, s.norms().get("math"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, BASE.load("model.layers.1.mlp.up_proj.weight").data(),
                "the base is unchanged even when it is also the expert");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.signConflicts(s));
        assertEquals("Sign conflicts need two or more experts, the statistics have [math]", e.getMessage());
    }

    @Test
    void anExpertWithAnotherShapeIsNamedInTheError() {
        TensorSet odd = model(new float[] {1, 1, 1, 1}, new float[] {0, 0, 0, 0}, new float[] {1, 2, 3, 4},
                new float[] {0, 0, 0, 0}).put("lm_head.weight", FloatTensor.of(new float[] {0, 0}, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskVectorStats.of(BASE, Map.of("odd", odd)));
        assertEquals("Expert 'odd' tensor lm_head.weight has shape [2], the base has [2, 2]", e.getMessage());
    }

    @Test
    void layerGroupsFollowTheModelsOrder() {
        assertEquals("layer 12", LayerGroups.of("model.layers.12.mlp.down_proj.weight"));
        assertEquals("embed", LayerGroups.of("model.embed_tokens.weight"));
        assertEquals("head", LayerGroups.of("model.norm.weight"));
        assertEquals("head", LayerGroups.of("lm_head.weight"));
        assertEquals("other", LayerGroups.of("rotary.inv_freq"));
        List<String> sorted = new java.util.ArrayList<>(List.of("head", "layer 10", "other", "layer 2", "embed"));
        sorted.sort(LayerGroups.ORDER);
        assertEquals(List.of("embed", "layer 2", "layer 10", "head", "other"), sorted);
    }
}
