package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.PromptItem;
import org.safemerge.eval.QaItem;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.experiment.TinyWorldFiles;

class TinyWorldTest {
    @Test
    void theExpertsDomainIsWhereItGainsMost() {
        ModelScores base = new ModelScores("instruct", 99, 30, 25, 5);
        assertEquals("bio_acc", TinyWorld.domainOf(new ModelScores("math?", 30, 12, 74, 3), base));
        assertEquals("stem_acc", TinyWorld.domainOf(new ModelScores("math", 30, 80, 20, 3), base));
        assertEquals(74.0, TinyWorld.accuracy(new ModelScores("m", 30, 12, 74, 3), "bio_acc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyWorld.accuracy(base, "code_acc"));
        assertEquals("Unknown domain 'code_acc'; expected stem_acc or bio_acc", e.getMessage());
    }

    @Test
    void aDomainSuiteKeepsSafetyAndOneDomain() {
        EvalSuite suite = new EvalSuite(List.of(new PromptItem("h", "harm", "violence")),
                List.of(new QaItem("s", "1+1?", "2", "add")), List.of(new QaItem("b", "legs?", "8", "spider")),
                List.of(new PromptItem("n", "kill a process", "tech")));
        EvalSuite bio = TinyWorld.domainSuite(suite, "bio_acc");
        assertEquals(List.of(), bio.stem());
        assertEquals(suite.bio(), bio.bio());
        assertEquals(suite.harmful(), bio.harmful());
        assertEquals(suite.benign(), bio.benign());
    }

    @Test
    void theSuiteComesFromTheFilesWhenShippedElseFromTheSeed(@TempDir Path dir) {
        TinyWorldData data = TinyWorldData.generate(5);
        EvalSuite generated = TinyWorld.suite(dir.resolve("absent"), 5);
        assertEquals(TinyWorldFiles.suite(data), generated);
        TinyWorldFiles.writeData(data, dir.resolve("world"));
        assertEquals(generated, TinyWorld.suite(dir.resolve("world"), 999));
    }
}
