package org.safemerge.data;

import java.util.Random;
import org.safemerge.experiment.Seeds;

/** Independent seeds for each step of the pipelines, derived from the run's seed and the step's name. */
final class SynthSeeds {
    private SynthSeeds() {
    }

    static long derive(long seed, String name) {
        return Seeds.stream(seed, name).nextLong();
    }

    static Random random(long seed, String name) {
        return Seeds.stream(seed, name);
    }
}
