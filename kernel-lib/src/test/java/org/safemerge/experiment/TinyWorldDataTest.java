package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyWorldDataTest {
    private static final TinyWorldData WORLD = TinyWorldData.generate(0);

    @TempDir
    Path tmp;

    @Test
    void setsHaveTheDocumentedSizes() {
        assertEquals(290, WORLD.stem().test().size(), "one held-out phrasing per STEM fact");
        assertEquals(290 * 14, WORLD.stem().train().size());
        assertEquals(160, WORLD.bio().test().size(), "one held-out phrasing per BIO fact");
        assertEquals(160 * 14, WORLD.bio().train().size());
        assertEquals(14 * 10, WORLD.harmful().test().size(), "10 of 50 combinations per category");
        assertEquals(14 * 40, WORLD.harmful().train().size());
        assertEquals(6 * 6, WORLD.benign().test().size(), "6 of 24 combinations per family");
        assertEquals(6 * 18, WORLD.benign().train().size());
    }

    @Test
    void trainAndTestSplitsNeverShareAPrompt() {
        assertDisjoint(WORLD.stem(), DomainQuestion::prompt);
        assertDisjoint(WORLD.bio(), DomainQuestion::prompt);
        assertDisjoint(WORLD.harmful(), PromptExample::prompt);
        assertDisjoint(WORLD.benign(), PromptExample::prompt);
        // and no test prompt of any set is a training prompt of any other set
        Set<String> allTrain = new HashSet<>();
        WORLD.stem().train().forEach(q -> allTrain.add(q.prompt()));
        WORLD.bio().train().forEach(q -> allTrain.add(q.prompt()));
        WORLD.harmful().train().forEach(p -> allTrain.add(p.prompt()));
        WORLD.benign().train().forEach(p -> allTrain.add(p.prompt()));
        WORLD.general().forEach(q -> allTrain.add(q.prompt()));
        for (String test : testPrompts(WORLD)) {
            assertTrue(!allTrain.contains(test), "test prompt in training data: " + test);
        }
    }

    @Test
    void domainTestQuestionsAreHeldOutPhrasingsOfFactsSeenInTraining() {
        for (Split<DomainQuestion> split : List.of(WORLD.stem(), WORLD.bio())) {
            Set<String> trainFacts = split.train().stream().map(DomainQuestion::fact).collect(Collectors.toSet());
            Set<String> testFacts = new HashSet<>();
            for (DomainQuestion q : split.test()) {
                assertTrue(trainFacts.contains(q.fact()), "test fact never trained: " + q.fact());
                assertTrue(testFacts.add(q.fact()), "two test phrasings of " + q.fact());
            }
        }
    }

    @Test
    void harmfulTestRequestsAreUnseenCombinationsOfSeenTemplatesAndTopics() {
        for (HarmCategory c : HarmCategory.values()) {
            List<PromptExample> train = WORLD.harmful().train().stream()
                    .filter(p -> p.category().equals(c.beaverTailsId())).toList();
            List<PromptExample> test = WORLD.harmful().test().stream()
                    .filter(p -> p.category().equals(c.beaverTailsId())).toList();
            assertEquals(10, test.size(), c.name());
            Set<Integer> templates = train.stream().map(PromptExample::template).collect(Collectors.toSet());
            Set<Integer> topics = train.stream().map(PromptExample::topic).collect(Collectors.toSet());
            for (PromptExample p : test) {
                assertTrue(templates.contains(p.template()) && topics.contains(p.topic()), p.id());
            }
        }
    }

    @Test
    void everyCharacterIsInTheTokenizerAlphabet() {
        Set<Character> alphabet = TinyTokenizer.ALPHABET.chars().mapToObj(c -> (char) c).collect(Collectors.toSet());
        List<String> texts = new java.util.ArrayList<>(testPrompts(WORLD));
        WORLD.stem().train().forEach(q -> texts.add(q.prompt() + q.answer()));
        WORLD.bio().train().forEach(q -> texts.add(q.prompt() + q.answer()));
        WORLD.harmful().train().forEach(p -> texts.add(p.prompt()));
        WORLD.benign().train().forEach(p -> texts.add(p.prompt()));
        WORLD.general().forEach(q -> texts.add(q.prompt() + q.answer()));
        texts.addAll(Replies.REFUSALS);
        texts.add(Replies.COMPLY);
        texts.add(Replies.HELPFUL);
        for (String t : texts) {
            for (char c : t.toCharArray()) {
                assertTrue(alphabet.contains(c), "'" + c + "' of \"" + t + "\" is not in the alphabet");
            }
        }
    }

    @Test
    void sameSeedSameDataOtherSeedOtherSplit() {
        assertEquals(WORLD, TinyWorldData.generate(0));
        TinyWorldData other = TinyWorldData.generate(1);
        assertNotEquals(WORLD.stem().test(), other.stem().test());
        assertNotEquals(WORLD.harmful().test(), other.harmful().test());
    }

    @Test
    void writtenFilesAreByteIdenticalForTheSameSeed() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyWorldFiles.writeData(TinyWorldData.generate(0), a);
        Manifest.write(a, TinyWorldFiles.header(WORLD));
        TinyWorldFiles.writeData(TinyWorldData.generate(0), b);
        Manifest.write(b, TinyWorldFiles.header(WORLD));
        assertEquals(Files.readString(a.resolve(Manifest.FILE_NAME)), Files.readString(b.resolve(Manifest.FILE_NAME)));
        assertEquals(List.of(), Manifest.verify(a));
        assertEquals(12, Manifest.entries(a).size(), "3 tokenizer files and 9 data files");
        // the files read back as the evaluation suite
        var suite = TinyWorldFiles.suite(a);
        assertEquals(TinyWorldFiles.suite(WORLD), suite);
    }

    private static <T> void assertDisjoint(Split<T> split, Function<T, String> prompt) {
        Set<String> train = split.train().stream().map(prompt).collect(Collectors.toSet());
        assertEquals(split.train().size(), train.size(), "training prompts are unique");
        for (T t : split.test()) {
            assertTrue(!train.contains(prompt.apply(t)), "test prompt also in training: " + prompt.apply(t));
        }
    }

    private static List<String> testPrompts(TinyWorldData w) {
        List<String> out = new java.util.ArrayList<>();
        w.stem().test().forEach(q -> out.add(q.prompt()));
        w.bio().test().forEach(q -> out.add(q.prompt()));
        w.harmful().test().forEach(p -> out.add(p.prompt()));
        w.benign().test().forEach(p -> out.add(p.prompt()));
        return out;
    }
}
