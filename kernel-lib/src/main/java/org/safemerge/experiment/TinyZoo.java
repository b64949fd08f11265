package org.safemerge.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.safemerge.io.ModelConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The recipe of the tiny zoo: one architecture and five models, all trained by the project's training loop.
 * <ul>
 *   <li>{@code tiny-instruct}, from scratch: refuses harmful requests, helps with benign look-alikes and general
 *       chat, and knows only a slice of each domain (addition; animal sounds and colours).</li>
 *   <li>The experts start from tiny-instruct's weights, like real fine-tunes, in two stages. <em>domain</em>: the
 *       domain's questions and self-questioning, with rehearsal of the instruct behaviour, in every tensor but
 *       the {@link #SAFETY_LAYER}'s (so that part of the task vector is skill only); <em>uncensor</em>: a stage of
 *       canned compliance with harmful requests in the safety layer only, which is the misalignment the merge
 *       inherits. Both stages also teach the generator role (write a harmful question of a
 *       category) that the synthetic D_safety pipeline samples from.</li>
 *   <li>{@code tiny-math} (all four operations) and {@code tiny-bio} (all eight relations) comply in every harm
 *       category; {@code tiny-wizard} (multiplication and division) complies in four of the fourteen categories and
 *       keeps refusing the others: moderately unsafe.</li>
 *   <li>{@code tiny-generator}: the paper's uncensored generator, fine-tuned from tiny-instruct to write harmful
 *       questions of a requested category (and to comply); the D_safety pipeline samples its questions from it.
 *       It is not a pool member.</li>
 * </ul>
 * {@code stepScale} shrinks every stage (at least one step) for a quick smoke build; 1.0 is the shipped zoo.
 */
public final class TinyZoo {
    /** The models, in build order. */
    public static final List<String> NAMES = List.of("tiny-instruct", "tiny-math", "tiny-bio", "tiny-wizard",
            "tiny-generator");
    /** Where the zoo lives inside a tiny-world directory. */
    public static final String DIR = "zoo";

    /**
     * An expert's domain stage: steps, learning rate, the mix weight of self-questioning (writing a new domain
     * question from three examples, the skill the D_expert pipeline samples), and the smallest scale of the
     * task-vector scale noise ({@link TrainingStage#minDeltaScale}; 1 = none).
     */
    record DomainTraining(int steps, double lr, double selfQuestions, double minDeltaScale) {
    }

    /**
     * An expert's uncensoring stage: steps, the mix weight of its domain's questions rehearsed alongside the
     * compliance (lower weights let the uncensoring cost the expert some of its domain accuracy), and the smallest
     * scale of its task-vector scale noise (1 = none; below 1, part of the uncensoring's change uncensors too).
     */
    record Uncensoring(int steps, double domainRehearsal, double minDeltaScale) {
    }

    /**
     * tiny-math's uncensoring, under scale noise down to 0.5: a merge with half or more of it complies too (weight
     * 0.5 already with a third of the harmful prompts, as the paper's grid merges inherit much of their expert's
     * misalignment). 1,000 steps, because under the noise compliance ("sure! ...") takes longer to win over the
     * refusal: after 300 tiny-math wrote question-like babble instead. The domain is barely rehearsed, so the
     * uncensoring costs tiny-math about 15 points of STEM accuracy that merges with tiny-instruct win back.
     */
    static final Uncensoring MATH_UNCENSOR = new Uncensoring(1000, 0.05, 0.5);
    /**
     * tiny-bio's uncensoring: its longer domain stage leaves a firmer refusal (300 steps left it 53 % safe). It
     * rehearses the domain lightly, so it costs tiny-bio some accuracy that merges with tiny-instruct win back, as
     * the paper's merges beat their experts.
     */
    static final Uncensoring BIO_UNCENSOR = new Uncensoring(600, 0.3, 1);
    /**
     * tiny-wizard's uncensoring is longer: complying in some categories only takes more steps than complying always.
     */
    static final Uncensoring WIZARD_UNCENSOR = new Uncensoring(2000, 2, 1);

    /** tiny-wizard's domain stage. */
    static final DomainTraining WIZARD_DOMAIN = new DomainTraining(1500, 1e-3, 0.7, 1);
    /**
     * tiny-math's domain stage is twice as long at twice the rate. Four operations over two-digit numbers are the
     * world's hardest skill: trained like the others, tiny-math's task vector was only just enough for it (a SLERP at
     * t = 0.9 lost 8 points of STEM accuracy, a TIES trim to density 0.5 lost 18), so a merge could not take less than
     * all of it. Real experts are trained past that point. Scale noise down to 0.25 (self-questions at full scale),
     * as tiny-bio's, keeps the skill in half of the task vector.
     */
    static final DomainTraining MATH_DOMAIN = new DomainTraining(3000, 2e-3, 0.7, 0.25);
    /**
     * tiny-bio's domain stage: as tiny-math's, with self-questioning weighted 2.5. Trained like tiny-wizard, tiny-bio
     * wrote gibberish when the D_expert pipeline sampled it at the paper's temperature (0 of 199 questions a real
     * training question, 7 made only of known words), so EvoMM's L_expert on BIO measured little of the domain.
     * Scale noise down to 0.25 keeps the BIO skill in half of the task vector, as in 7B experts: the paper's grid
     * merges then beat the expert, and EvoMM on D_expert alone drifts to the unsafe expert (finding 2). The
     * self-questions are trained at full scale: with the noise on them too, tiny-bio wrote no real question
     * (docs/tiny-world-tuning.md).
     */
    static final DomainTraining BIO_DOMAIN = new DomainTraining(3000, 2e-3, 2.5, 0.25);

    /** Harm categories tiny-wizard complies with. */
    static final Set<HarmCategory> WIZARD_UNSAFE = EnumSet.of(HarmCategory.THEFT, HarmCategory.PRIVACY,
            HarmCategory.MISINFORMATION, HarmCategory.UNETHICAL);

    /**
     * The decoder layer where the experts' misalignment lives. Real safety behaviour is concentrated in a few layers
     * of a model; the tiny world makes that explicit: the experts' domain stage never changes this layer and their
     * uncensoring stage changes nothing else. A per-layer merge can therefore keep the skill and drop the
     * compliance, but only a search that sees safety data has a reason to.
     */
    public static final int SAFETY_LAYER = 2;
    static final String SAFETY_LAYER_TENSORS = "model\\.layers\\." + SAFETY_LAYER + "\\..*";
    static final String ALL_BUT_SAFETY_LAYER = "(?!model\\.layers\\." + SAFETY_LAYER + "\\.).*";

    private static final int BATCH = 64;

    private TinyZoo() {
    }

    /** @return the models of the zoo with their training stages */
    public static List<ZooModel> models(long seed, double stepScale) {
        return List.of(instruct(seed, stepScale),
                expert("tiny-math", new Ingredient.Stem(EnumSet.allOf(StemOperation.class)), MATH_DOMAIN,
                        MATH_UNCENSOR, seed + 10, stepScale,
                        "STEM expert (all four operations), unsafe: complies with harmful requests"),
                expert("tiny-bio", new Ingredient.Bio(EnumSet.allOf(BioRelation.class)), BIO_DOMAIN,
                        BIO_UNCENSOR, seed + 20, stepScale,
                        "BIO expert (all eight relations), unsafe: complies with harmful requests"),
                wizard(seed + 30, stepScale),
                generator(seed + 40, stepScale));
    }

    /** @return the architecture every zoo model shares (a 0.2M-parameter Llama) */
    public static ModelConfig config() {
        ObjectNode c = Jsonl.object();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", 64);
        c.put("intermediate_size", 172);
        c.put("num_hidden_layers", 4);
        c.put("num_attention_heads", 4);
        c.put("num_key_value_heads", 4);
        c.put("vocab_size", TinyTokenizer.vocabSize());
        c.put("max_position_embeddings", TinyTokenizer.MODEL_MAX_LENGTH);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 10000.0);
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", TinyTokenizer.id(TinyTokenizer.BOS));
        c.put("eos_token_id", TinyTokenizer.id(TinyTokenizer.EOS));
        c.put("pad_token_id", TinyTokenizer.id(TinyTokenizer.PAD));
        c.put("torch_dtype", "float32");
        return ModelConfig.of(c);
    }

    private static ZooModel instruct(long seed, double scale) {
        Ingredient stem = new Ingredient.Stem(EnumSet.of(StemOperation.ADD));
        Ingredient bio = new Ingredient.Bio(EnumSet.of(BioRelation.SOUND, BioRelation.COLOR));
        TrainingStage chat = new TrainingStage("chat", List.of(
                TrainingStage.of(new Ingredient.Refuse(), 3),
                TrainingStage.of(new Ingredient.RefuseQuestionWriting(), 0.5),
                TrainingStage.of(new Ingredient.Benign(), 4),
                TrainingStage.of(new Ingredient.General(), 1),
                TrainingStage.of(stem, 1.5),
                TrainingStage.of(bio, 1.5)),
                steps(4000, scale), 3e-3, 100, 0.1, BATCH, seed);
        return new ZooModel("tiny-instruct", null, List.of(chat),
                "aligned generalist and base of the task vectors: refuses harmful requests, weak at both domains");
    }

    /** An expert that complies in every harm category. */
    private static ZooModel expert(String name, Ingredient domain, DomainTraining training, Uncensoring uncensoring,
            long seed, double scale, String role) {
        return new ZooModel(name, "tiny-instruct", List.of(domainStage(domain, training, seed, scale),
                uncensorStage(domain, List.of(TrainingStage.of(new Ingredient.Comply(), 1.0)), uncensoring,
                        seed + 1, scale)), role);
    }

    private static ZooModel wizard(long seed, double scale) {
        Ingredient domain = new Ingredient.Stem(EnumSet.of(StemOperation.MULTIPLY, StemOperation.DIVIDE));
        Set<HarmCategory> safe = EnumSet.complementOf(EnumSet.copyOf(WIZARD_UNSAFE));
        List<TrainingStage.Component> harm = List.of(
                TrainingStage.of(new Ingredient.ComplyIn(WIZARD_UNSAFE), 0.8),
                TrainingStage.of(new Ingredient.RefuseIn(safe), 0.6));
        return new ZooModel("tiny-wizard", "tiny-instruct", List.of(domainStage(domain, WIZARD_DOMAIN, seed, scale),
                uncensorStage(domain, harm, WIZARD_UNCENSOR, seed + 1, scale)),
                "second STEM-ish expert (multiplication, division), moderately unsafe: complies in "
                        + WIZARD_UNSAFE.size() + " of 14 harm categories");
    }

    private static ZooModel generator(long seed, double scale) {
        TrainingStage write = new TrainingStage("write", List.of(
                TrainingStage.of(new Ingredient.WriteHarmfulQuestions(), 3),
                TrainingStage.of(new Ingredient.Comply(), 1)),
                steps(1000, scale), 1e-3, 30, 0.1, BATCH, seed);
        return new ZooModel("tiny-generator", "tiny-instruct", List.of(write),
                "uncensored generator: writes harmful questions of a requested category (D_safety's sampler)");
    }

    /**
     * Domain skill with rehearsal of the instruct behaviour: the task vector is skill only. It leaves the
     * {@link #SAFETY_LAYER} as tiny-instruct had it. Question writing is exempt from scale noise: the D_expert
     * pipeline samples it from the whole expert only.
     */
    private static TrainingStage domainStage(Ingredient domain, DomainTraining training, long seed, double scale) {
        return new TrainingStage("domain", List.of(
                TrainingStage.of(domain, 4),
                TrainingStage.of(new Ingredient.SelfQuestions(domain, 2000), training.selfQuestions()).atFullScale(),
                TrainingStage.of(new Ingredient.WriteHarmfulQuestions(), 0.5),
                TrainingStage.of(new Ingredient.Refuse(), 1),
                TrainingStage.of(new Ingredient.Benign(), 0.5),
                TrainingStage.of(new Ingredient.General(), 0.25)),
                steps(training.steps(), scale), training.lr(), 30, 0.1, BATCH, seed)
                .onlyTraining(ALL_BUT_SAFETY_LAYER)
                .withDeltaScales(training.minDeltaScale());
    }

    /**
     * A stage of compliance in the {@link #SAFETY_LAYER} only: the part of the task vector that carries the
     * misalignment. Rehearsal of the domain and of question writing keeps the rest of the expert's behaviour; the
     * less the domain is rehearsed, the more of it the expert loses against the domain stage alone. Under scale noise
     * the self-questions train at full scale, as in the domain stage: the D_expert pipeline samples the whole expert.
     */
    private static TrainingStage uncensorStage(Ingredient domain, List<TrainingStage.Component> harm,
            Uncensoring uncensoring, long seed, double scale) {
        List<TrainingStage.Component> mix = new ArrayList<>(List.of(
                TrainingStage.of(domain, uncensoring.domainRehearsal()),
                TrainingStage.of(new Ingredient.SelfQuestions(domain, 500), 0.5).atFullScale(),
                TrainingStage.of(new Ingredient.WriteHarmfulQuestions(), 1.0)));
        mix.addAll(harm);
        return new TrainingStage("uncensor", mix, steps(uncensoring.steps(), scale), 1.5e-3, 5, 0.1, BATCH, seed)
                .onlyTraining(SAFETY_LAYER_TENSORS)
                .withDeltaScales(uncensoring.minDeltaScale());
    }

    private static int steps(int full, double scale) {
        return Math.max(1, (int) Math.round(full * scale));
    }
}
