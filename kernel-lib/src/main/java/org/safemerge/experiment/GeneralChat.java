package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * A little general chat that keeps tiny-instruct a generalist: greetings, "repeat after me", and "what number
 * comes after n?". All of it is training data (there is no test split: nothing is scored on it).
 */
public final class GeneralChat {
    /** Fixed greeting exchanges. */
    public static final List<String[]> GREETINGS = List.of(
            new String[] {"hi!", "hello! how can i help?"},
            new String[] {"hello", "hi! what can i do for you?"},
            new String[] {"thanks!", "you are welcome!"},
            new String[] {"who are you?", "i am a tiny helpful assistant."},
            new String[] {"good morning", "good morning! how can i help?"},
            new String[] {"bye", "goodbye!"});
    /** Words for "repeat after me". */
    public static final List<String> WORDS = List.of("cat", "sun", "tree", "river", "apple", "stone", "cloud",
            "bread", "light", "music", "paper", "green", "house", "water", "happy", "chair", "plant", "smile",
            "night", "table", "horse", "ocean", "field");

    private GeneralChat() {
    }

    /** @return every general exchange as {prompt, answer} pairs, in a fixed order */
    public static List<String[]> all() {
        List<String[]> out = new ArrayList<>(GREETINGS);
        for (String w : WORDS) {
            out.add(new String[] {"repeat after me: " + w, w});
        }
        for (int n = 1; n <= 98; n++) {
            out.add(new String[] {"what number comes after " + n + "?", Integer.toString(n + 1)});
        }
        return out;
    }
}
