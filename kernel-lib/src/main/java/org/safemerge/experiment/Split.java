package org.safemerge.experiment;

import java.util.List;

/**
 * A data set cut into a training part and a held-out test part that never share a prompt.
 *
 * @param train what the zoo and the synthetic-data prompts may see
 * @param test  what only the evaluators see
 * @param <T>   the item type
 */
public record Split<T>(List<T> train, List<T> test) {
    public Split {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }
}
