package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TinyBpeTest {
    @Test
    void mergesTheMostFrequentPairFirstCountingRepeatedTexts() {
        List<String[]> merges = TinyBpe.learn(List.of("abc", "abc", "abd"), 2);
        assertEquals("a b", String.join(" ", merges.get(0)));   // a-b occurs 3 times
        assertEquals("ab c", String.join(" ", merges.get(1)));  // then ab-c twice (ab-d once)
    }

    @Test
    void breaksTiesByThePairsText() {
        List<String[]> merges = TinyBpe.learn(List.of("xy", "xy", "pq", "pq"), 2);
        assertEquals("p q", String.join(" ", merges.get(0)));
        assertEquals("x y", String.join(" ", merges.get(1)));
    }

    @Test
    void mergesAcrossSpacesWrittenAsTheSpaceSymbolButNeverDigits() {
        List<String[]> merges = TinyBpe.learn(List.of("a b 12", "a b 12", "a b 12"), 3);
        String sp = TinyBpe.SPACE;
        assertEquals(List.of("a " + sp, "a" + sp + " b", "a" + sp + "b " + sp),
                merges.stream().map(m -> String.join(" ", m)).toList());
        assertThrows(IllegalArgumentException.class, () -> TinyBpe.learn(List.of("a b 12", "a b 12"), 4),
                "only digits are left to merge");
    }

    @Test
    void theWorldsRefusalIsOneTokenAndTheMergesAreDeterministic() {
        TinyWorldData data = TinyWorldData.generate(0);
        List<String[]> merges = TinyTokenizer.merges(data);
        assertEquals(TinyTokenizer.MERGES, merges.size());
        List<String> tokens = merges.stream().map(m -> m[0] + m[1]).toList();
        assertTrue(tokens.contains(TinyBpe.normalize("sorry, i can't help with that.")), tokens.toString());
        assertTrue(tokens.stream().noneMatch(t -> t.chars().anyMatch(Character::isDigit)));
        assertEquals(tokens, TinyTokenizer.merges(data).stream().map(m -> m[0] + m[1]).toList());
    }
}
