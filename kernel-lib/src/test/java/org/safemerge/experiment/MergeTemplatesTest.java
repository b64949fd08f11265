package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.merge.Recipe;
import org.safemerge.search.Genome;

/**
 * The reproduction's search templates: who is listed under {@code models:} for each {@link GenomeMembers}, and the
 * EvoMM start point that follows (weight 1/n over the listed models, PAPER.md).
 */
class MergeTemplatesTest {
    private static final Path ZOO = Path.of("/zoo");

    private static List<String> models(Recipe r) {
        return r.models().stream().map(m -> Path.of(m.model()).getFileName().toString()).toList();
    }

    private static double startWeight(Recipe r, int model) {
        Genome g = Genome.of(r, 4, 1);
        return g.start()[g.index(0, model, 0)];
    }

    @Test
    void expertsGenomeListsTheExpertsAndStartsATwoModelPoolAtTheExpert() {
        Recipe ties = MergeTemplates.of(PoolSpec.paper("instruct+math"), "ties", ZOO, GenomeMembers.EXPERTS);
        assertEquals(List.of("tiny-math"), models(ties));
        assertEquals("/zoo/tiny-instruct", ties.baseModel());
        assertEquals(1.0, startWeight(ties, 0), 0);
        Recipe three = MergeTemplates.of(PoolSpec.paper("instruct+wizard+math"), "dare_ties", ZOO,
                GenomeMembers.EXPERTS);
        assertEquals(List.of("tiny-wizard", "tiny-math"), models(three));
        assertEquals(0.5, startWeight(three, 1), 0);
    }

    @Test
    void poolGenomeListsTheInstructModelTooAndStartsAtOneOverThePoolSize() {
        Recipe ties = MergeTemplates.of(PoolSpec.paper("instruct+bio"), "ties", ZOO, GenomeMembers.POOL);
        assertEquals(List.of("tiny-instruct", "tiny-bio"), models(ties));
        assertEquals("/zoo/tiny-instruct", ties.baseModel());
        assertEquals(0.5, startWeight(ties, 1), 0);
        Recipe three = MergeTemplates.of(PoolSpec.paper("instruct+wizard+math"), "ties", ZOO, GenomeMembers.POOL);
        assertEquals(List.of("tiny-instruct", "tiny-wizard", "tiny-math"), models(three));
        assertEquals(1.0 / 3, startWeight(three, 2), 0);
        assertEquals(Boolean.FALSE, three.parameters().get("normalize").toPlain());
    }

    @Test
    void slerpListsBothModelsEitherWay() {
        for (GenomeMembers g : GenomeMembers.values()) {
            Recipe slerp = MergeTemplates.of(PoolSpec.paper("instruct+math"), "slerp", ZOO, g);
            assertEquals(List.of("tiny-instruct", "tiny-math"), models(slerp), g.name());
        }
    }
}
