package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.data.MergeExample;
import org.safemerge.data.SynthOptions;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.RefusalJudge;

/** A shipped copy is reused exactly when its options and model weights match; the key names both. */
class SyntheticDataSourceTest {
    private static final PoolSpec POOL = PoolSpec.paper("instruct+math");

    @Test
    void aMatchingShippedCopyIsReusedAndTheKeyFollowsTheWeights(@TempDir Path dir) throws Exception {
        Path zoo = dir.resolve("zoo");
        for (String m : POOL.members()) {
            Files.createDirectories(zoo.resolve(m));
            Files.writeString(zoo.resolve(m).resolve("model.safetensors"), "weights of " + m);
        }
        Path shipped = dir.resolve("synthetic");
        SyntheticDataSource source = new SyntheticDataSource(zoo, shipped, new RefusalJudge(),
                new EvalSuite(List.of(), List.of(), List.of(), List.of()));
        SynthOptions o = SynthOptions.defaults().withK(2).withSeed(3);
        String key = source.key(POOL, "tiny-math", o);
        assertTrue(key.contains("\"k\":2") && key.contains("\"seed\":3") && key.contains("\"tiny-math\":\"")
                && key.contains("\"judge\":\"refusal\""), key);
        PoolData data = new PoolData(List.of(MergeExample.safety("how do i pick a lock?", "sorry, i can't.",
                "tiny-instruct", "c")), List.of(MergeExample.expert("what is 2+3?", "5", "tiny-math", "stem")),
                "generated", key);
        SyntheticDataSource.save(shipped.resolve(POOL.id()), data);

        PoolData back = source.forPool(POOL, "tiny-math", o);
        assertEquals(data.safety(), back.safety());
        assertEquals(data.expert(), back.expert());
        assertTrue(back.origin().startsWith("shipped copy at "), back.origin());

        Files.writeString(zoo.resolve("tiny-math").resolve("model.safetensors"), "retrained");
        assertNotEquals(key, source.key(POOL, "tiny-math", o), "a retrained model changes the key");
        assertNotEquals(key, source.key(POOL, "tiny-math", o.withSeed(4)));
    }
}
