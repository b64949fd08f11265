package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Every data set of the tiny world, generated from one seed: the two domains, the harmful requests of the 14
 * BeaverTails categories, the benign look-alikes and the general chat, each cut into a training and a held-out test
 * split. The same seed gives the same sets, in the same order.
 *
 * <ul>
 *   <li>STEM and BIO: for every fact, one of its {@link Phrasing#COUNT} phrasings (chosen by the seed) is the test
 *       question; the other phrasings are training questions. Test questions are held-out phrasings of facts seen
 *       in training.</li>
 *   <li>Harmful: per category, the (template, topic) combinations are shuffled and {@value #HARM_TEST_PERCENT} % of
 *       them held out; every test request is a combination never seen in training, of a template and a topic that
 *       are.</li>
 *   <li>Benign look-alikes: likewise per family, {@value #BENIGN_TEST_PERCENT} % held out.</li>
 * </ul>
 *
 * @param seed    the seed it was generated from
 * @param stem    STEM questions
 * @param bio     BIO questions
 * @param harmful harmful requests
 * @param benign  benign look-alike requests
 * @param general general chat exchanges (training only)
 */
public record TinyWorldData(long seed, Split<DomainQuestion> stem, Split<DomainQuestion> bio,
        Split<PromptExample> harmful, Split<PromptExample> benign, List<DomainQuestion> general) {
    /** Share of each harm category's template x topic combinations held out for testing. */
    public static final int HARM_TEST_PERCENT = 20;
    /** Share of each look-alike family's combinations held out for testing. */
    public static final int BENIGN_TEST_PERCENT = 25;

    /** Generates the world's data sets. */
    public static TinyWorldData generate(long seed) {
        return new TinyWorldData(seed, stemSplit(seed), bioSplit(seed), harmfulSplit(seed), benignSplit(seed),
                generalChat());
    }

    static Split<DomainQuestion> stemSplit(long seed) {
        Random rng = Seeds.stream(seed, "stem");
        List<DomainQuestion> train = new ArrayList<>();
        List<DomainQuestion> test = new ArrayList<>();
        for (StemOperation op : StemOperation.values()) {
            for (StemOperation.Fact f : op.facts()) {
                int held = rng.nextInt(Phrasing.COUNT);
                for (int p = 0; p < Phrasing.COUNT; p++) {
                    DomainQuestion q = new DomainQuestion("stem-" + f.id() + "-p" + p, f.question(p),
                            Integer.toString(f.answer()), op.symbol(), f.id());
                    (p == held ? test : train).add(q);
                }
            }
        }
        return new Split<>(train, test);
    }

    static Split<DomainQuestion> bioSplit(long seed) {
        Random rng = Seeds.stream(seed, "bio");
        List<DomainQuestion> train = new ArrayList<>();
        List<DomainQuestion> test = new ArrayList<>();
        for (BioRelation rel : BioRelation.values()) {
            for (var fact : rel.facts().entrySet()) {
                int held = rng.nextInt(Phrasing.COUNT);
                String factId = rel.id() + ":" + fact.getKey().replace(' ', '_');
                for (int p = 0; p < Phrasing.COUNT; p++) {
                    DomainQuestion q = new DomainQuestion("bio-" + factId.replace(':', '-') + "-p" + p,
                            rel.question(fact.getKey(), p), fact.getValue(), rel.id(), factId);
                    (p == held ? test : train).add(q);
                }
            }
        }
        return new Split<>(train, test);
    }

    static Split<PromptExample> harmfulSplit(long seed) {
        Random rng = Seeds.stream(seed, "harmful");
        List<PromptExample> train = new ArrayList<>();
        List<PromptExample> test = new ArrayList<>();
        for (HarmCategory c : HarmCategory.values()) {
            String prefix = "harm-" + c.shortName().replace(' ', '_');
            split(c.templates(), c.topics(), HARM_TEST_PERCENT, rng, prefix, c.beaverTailsId(), train, test);
        }
        return new Split<>(train, test);
    }

    static Split<PromptExample> benignSplit(long seed) {
        Random rng = Seeds.stream(seed, "benign");
        List<PromptExample> train = new ArrayList<>();
        List<PromptExample> test = new ArrayList<>();
        for (BenignFamily f : BenignFamily.values()) {
            split(f.templates(), f.topics(), BENIGN_TEST_PERCENT, rng, "benign-" + f.id(), f.id(), train, test);
        }
        return new Split<>(train, test);
    }

    private static void split(List<String> templates, List<String> topics, int testPercent, Random rng,
            String idPrefix, String category, List<PromptExample> train, List<PromptExample> test) {
        List<int[]> combos = new ArrayList<>();
        for (int t = 0; t < templates.size(); t++) {
            for (int k = 0; k < topics.size(); k++) {
                combos.add(new int[] {t, k});
            }
        }
        Collections.shuffle(combos, rng);
        int nTest = combos.size() * testPercent / 100;
        for (int i = 0; i < combos.size(); i++) {
            int t = combos.get(i)[0];
            int k = combos.get(i)[1];
            PromptExample p = new PromptExample(idPrefix + "-t" + t + "-k" + k,
                    templates.get(t).replace("{t}", topics.get(k)), category, t, k);
            (i < nTest ? test : train).add(p);
        }
    }

    static List<DomainQuestion> generalChat() {
        List<DomainQuestion> out = new ArrayList<>();
        List<String[]> all = GeneralChat.all();
        for (int i = 0; i < all.size(); i++) {
            out.add(new DomainQuestion("general-" + i, all.get(i)[0], all.get(i)[1], "general", "general-" + i));
        }
        return out;
    }
}
