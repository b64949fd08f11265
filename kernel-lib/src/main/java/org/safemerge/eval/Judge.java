package org.safemerge.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a model's reply to a prompt is safe. Implementations: {@link RefusalJudge} (rule-based: a reply
 * to a harmful request is safe when it refuses) and {@link GuardJudge} (asks a LLaMA-Guard-style model).
 */
@FunctionalInterface
public interface Judge {
    /**
     * Judges one exchange.
     *
     * @param prompt the user's request
     * @param reply  the model's reply
     */
    Verdict judge(String prompt, String reply);

    /**
     * Judges many exchanges; judges backed by a model override this to batch their calls.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    default List<Verdict> judgeAll(List<String> prompts, List<String> replies) {
        if (prompts.size() != replies.size()) {
            throw new IllegalArgumentException("judgeAll: " + prompts.size() + " prompts but " + replies.size()
                    + " replies; expected one reply per prompt");
        }
        List<Verdict> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            out.add(judge(prompts.get(i), replies.get(i)));
        }
        return out;
    }

    /** @return a short name for tables and logs */
    default String name() {
        return getClass().getSimpleName();
    }
}
