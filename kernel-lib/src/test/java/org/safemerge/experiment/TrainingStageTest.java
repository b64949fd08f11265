package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStageTest {
    private static final TinyWorldData WORLD = TinyWorldData.generate(0);

    @Test
    void fullScaleMarksExactlyTheExamplesOfFullScaleComponents() {
        Ingredient bio = new Ingredient.Bio(EnumSet.allOf(BioRelation.class));
        Ingredient questions = new Ingredient.SelfQuestions(bio, 50);
        TrainingStage stage = new TrainingStage("domain", List.of(TrainingStage.of(bio, 1),
                TrainingStage.of(questions, 1).atFullScale()), 20, 1e-3, 0, 0.1, 8, 5).withDeltaScales(0.25);
        List<ChatExample> examples = stage.sample(WORLD);
        BitSet full = stage.fullScale(examples);
        for (int i = 0; i < examples.size(); i++) {
            assertEquals(examples.get(i).component().equals(questions.name()), full.get(i), "example " + i);
        }
        assertTrue(full.cardinality() > 40 && full.cardinality() < 120, "about half of 160: " + full.cardinality());
    }

    /** tiny-bio learns its domain under scale noise, and writes its self-questions at full scale. */
    @Test
    void tinyBioTrainsItsDomainUnderScaleNoiseExceptItsSelfQuestions() {
        ZooModel bio = TinyZoo.models(0, 1).stream().filter(m -> m.name().equals("tiny-bio")).findFirst()
                .orElseThrow();
        TrainingStage domain = bio.stages().get(0);
        assertEquals(0.25, domain.minDeltaScale());
        for (TrainingStage.Component c : domain.mix()) {
            assertEquals(c.ingredient() instanceof Ingredient.SelfQuestions, c.fullScale(), c.ingredient().name());
        }
    }
}
