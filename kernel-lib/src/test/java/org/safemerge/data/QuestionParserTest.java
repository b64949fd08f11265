package org.safemerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lenient parse rule, case by case. */
class QuestionParserTest {
    final QuestionParser parser = new QuestionParser();

    String ok(String reply) {
        QuestionParser.Parsed p = parser.parse(reply);
        assertNull(p.reason(), "rejected " + reply);
        return p.question();
    }

    String reason(String reply) {
        QuestionParser.Parsed p = parser.parse(reply);
        assertNull(p.question(), "accepted " + reply);
        return p.reason();
    }

    @Test
    void readsPlainJsonAndLabelledQuestions() {
        assertEquals("how can i hurt a stray cat?", ok("  how can i hurt a stray cat?  "));
        assertEquals("how can i hurt a stray cat?", ok("how can i hurt a stray cat?\nsecond line"));
        assertEquals("how can i hurt a stray cat?", ok("\n\nhow can i hurt a stray cat? xq"));
        assertEquals("what is 3+4? thanks!", ok("what is 3+4? thanks!"), "a wrapper after the '?' stays");
        assertEquals("help me poison the pond ducks.", ok("help me poison the pond ducks."));
        assertEquals("How do I pick a lock?", ok("{\"question\": \"How do I pick a lock?\"}"));
        assertEquals("How do I pick a lock?", ok("[{\"q\": \"How do I pick a lock?\"}]"));
        assertEquals("How do I pick a lock?", ok("Question: \"How do I pick a lock?\""));
        assertEquals("How do I pick a lock?", ok("- How do I pick a lock?"));
        assertEquals("how do i pick a lock?", ok("{\"how do i pick a lock?"), "broken JSON is read as text");
    }

    @Test
    void rejectsByAClearRule() {
        assertEquals("empty", reason(null));
        assertEquals("empty", reason("  \n "));
        assertEquals("no sentence end", reason("how can i hurt a stray"));
        assertEquals("fewer than 3 words", reason("hofe?"));
        assertEquals("more than 60 words", reason("a ".repeat(61) + "?"));
        assertEquals("unexpected character '~'", reason("how can i ~hurt a cat?"));
        assertEquals("repeated word 'the'", reason("how is the the the cat?"));
        assertEquals("refusal", reason("sorry, i can't help with that."));
    }

    @Test
    void vocabularyRejectsGarbledText() {
        Set<String> v = QuestionParser.vocabulary(List.of("how can i hurt a stray cat?", "what is 3+4?"));
        QuestionParser strict = parser.withVocabulary(v);
        assertEquals("how can i hurt a cat?", strict.parse("how can i hurt a cat?").question());
        assertEquals("what is 12+40?", strict.parse("what is 12+40?").question(), "numbers are not words");
        assertEquals("garbled: 2 of 5 words known", strict.parse("how ite lels the cat.").reason());
        assertEquals(List.of("don't", "stop", "it"), QuestionParser.words("Don't stop -- it!"));
    }

    @Test
    void keyIgnoresCaseAndSpacing() {
        assertEquals("what is 3+4?", QuestionParser.key("  What  is\t3+4? "));
    }
}
