package org.safemerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.safemerge.eval.ModelAdapters;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.RefusalPatterns;
import org.safemerge.eval.SuiteResult;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.io.DType;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.model.TrainingReport;
import org.safemerge.text.Tokenizer;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the whole tiny world from a seed: the data sets and tokenizer ({@link TinyWorldFiles}), the zoo
 * ({@link TinyZoo}) trained stage by stage, each model's scores on the held-out splits, and the manifest. The world
 * is written into a temporary sibling and moved into place at the end, so an interrupted build leaves nothing that
 * looks complete.
 */
public final class ZooBuilder {
    /** Greedy reply length used to score the zoo (the world's answers are shorter). */
    public static final int MAX_NEW_TOKENS = 48;

    private final long seed;
    private final double stepScale;
    private final Set<String> only;
    private final Path reuseFrom;
    private final PrintWriter log;

    /**
     * @param seed      the world seed (data and training)
     * @param stepScale multiplies every stage's steps (1.0 = the shipped zoo; small values for smoke builds)
     * @param only      models to train; empty = all. The others are copied from {@code reuseFrom}
     * @param reuseFrom an existing world to copy untrained models from (needed when {@code only} is not empty)
     * @param log       where the per-model lines go
     */
    public ZooBuilder(long seed, double stepScale, Set<String> only, Path reuseFrom, PrintWriter log) {
        if (!(stepScale > 0)) {
            throw new IllegalArgumentException("step scale must be > 0, got " + stepScale);
        }
        for (String name : only) {
            if (!TinyZoo.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown zoo model '" + name + "'; expected one of "
                        + TinyZoo.NAMES);
            }
        }
        if (!only.isEmpty() && (reuseFrom == null || !Files.isDirectory(reuseFrom.resolve(TinyZoo.DIR)))) {
            throw new IllegalArgumentException("training only " + only + " needs an existing world to take the"
                    + " other models from; no zoo found in " + reuseFrom);
        }
        this.seed = seed;
        this.stepScale = stepScale;
        this.only = Set.copyOf(only);
        this.reuseFrom = reuseFrom;
        this.log = log;
    }

    /**
     * Builds the world into {@code target}.
     *
     * @return one score row per zoo model
     */
    public Table build(Path target, boolean overwrite) {
        TinyWorldData data = TinyWorldData.generate(seed);
        List<ModelScores> scores = new ArrayList<>();
        ArrayNode zooEntries = Jsonl.array();
        try (AtomicDirectory out = AtomicDirectory.create(target, overwrite)) {
            Path root = out.path();
            TinyWorldFiles.writeData(data, root);
            Map<String, JsonNode> reusedStages = only.isEmpty() ? Map.of() : recordedStages(reuseFrom);
            try (Tokenizer tokenizer = Tokenizer.load(root.resolve(TinyWorldFiles.TOKENIZER))) {
                for (ZooModel zm : TinyZoo.models(seed, stepScale)) {
                    Path dir = root.resolve(TinyZoo.DIR).resolve(zm.name());
                    ObjectNode entry = describe(zm);
                    if (only.isEmpty() || only.contains(zm.name())) {
                        train(zm, root, tokenizer, data, dir, entry);
                    } else {
                        copyDirectory(reuseFrom.resolve(TinyZoo.DIR).resolve(zm.name()), dir);
                        keepFinalLosses(reusedStages.get(zm.name()), entry);
                        log.println(zm.name() + ": reused from " + reuseFrom);
                    }
                    SuiteResult result = run(zm.name(), dir, data);
                    ModelScores s = result.scores();
                    entry.set("scores", scores(s));
                    zooEntries.add(entry);
                    scores.add(s);
                    log.println(String.format(Locale.ROOT, "%s: alignment %.1f %%, stem %.1f %%, bio %.1f %%,"
                            + " over-refusal %.1f %%; complied with %.1f %% of the harmful prompts", zm.name(),
                            s.alignment(), s.stemAcc(), s.bioAcc(), s.overRefusal(), compliedPercent(result)));
                }
            }
            ObjectNode header = TinyWorldFiles.header(data);
            header.put("step_scale", stepScale);
            header.set("architecture", Jsonl.parse(TinyZoo.config().toJson()));
            header.set("zoo", zooEntries);
            Manifest.write(root, header);
            out.commit();
        }
        return ModelScores.table(scores);
    }

    private void train(ZooModel zm, Path root, Tokenizer tokenizer, TinyWorldData data, Path dir,
            ObjectNode entry) {
        RuntimeOptions options = RuntimeOptions.cpu();
        try (LanguageModel model = zm.parent() == null
                ? LanguageModel.random(TinyZoo.config(), seed, tokenizer, options)
                : LanguageModel.load(root.resolve(TinyZoo.DIR).resolve(zm.parent()), options)) {
            ArrayNode stages = (ArrayNode) entry.get("stages");
            for (int i = 0; i < zm.stages().size(); i++) {
                TrainingStage stage = zm.stages().get(i);
                log.println(zm.name() + ": stage " + stage.name() + ", " + stage.steps() + " steps");
                TrainingReport report = ZooTrainer.train(model, stage, data, log, zm.name());
                ((ObjectNode) stages.get(i)).put("final_loss", round(report.finalLoss(20), 4));
                log.println(String.format(Locale.ROOT, "%s: stage %s done in %.0f s, final loss %.4f", zm.name(),
                        stage.name(), report.seconds(), report.finalLoss(20)));
            }
            model.save(dir, DType.F32, false);
        }
    }

    /** @return each model's stages as {@code world}'s manifest records them; empty if it has no manifest */
    private static Map<String, JsonNode> recordedStages(Path world) {
        Path file = world.resolve(Manifest.FILE_NAME);
        Map<String, JsonNode> stages = new HashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                Jsonl.parse(Files.readString(file)).path("zoo")
                        .forEach(m -> stages.put(m.path("name").asText(), m.path("stages")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return stages;
    }

    /**
     * A reused model keeps the training losses its own build recorded ({@code recorded}, from the reused world's
     * manifest) when they describe the same stages; otherwise the stages stay without {@code final_loss}.
     */
    private static void keepFinalLosses(JsonNode recorded, ObjectNode entry) {
        ArrayNode stages = (ArrayNode) entry.get("stages");
        if (recorded == null || recorded.size() != stages.size()) {
            return;
        }
        List<JsonNode> losses = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            ObjectNode stage = recorded.get(i).deepCopy();
            JsonNode loss = stage.remove("final_loss");
            // compared as text: a seed is a long here and an int once parsed, and JSON nodes of the two differ
            if (loss == null || !stage.toString().equals(stages.get(i).toString())) {
                return;
            }
            losses.add(loss);
        }
        for (int i = 0; i < stages.size(); i++) {
            ((ObjectNode) stages.get(i)).set("final_loss", losses.get(i));
        }
    }

    /** Scores a model on the world's held-out splits. */
    public static ModelScores evaluate(String name, Path modelDir, TinyWorldData data) {
        return run(name, modelDir, data).scores();
    }

    private static SuiteResult run(String name, Path modelDir, TinyWorldData data) {
        try (LanguageModel model = LanguageModel.load(modelDir, RuntimeOptions.cpu())) {
            return TinyWorldFiles.suite(data).run(name, ModelAdapters.responder(model, MAX_NEW_TOKENS),
                    new RefusalJudge(), RefusalPatterns.standard());
        }
    }

    /**
     * The share of harmful prompts the model complied with ("sure! step 1 ..."). Alignment alone cannot tell an
     * unsafe expert from one that answers harmful prompts with garbled text, which the judge counts as unsafe too.
     */
    static double compliedPercent(SuiteResult result) {
        Table rows = result.rows();
        Table harmful = rows.where(rows.stringColumn("metric").isEqualTo("alignment"));
        long complied = harmful.stringColumn("reason").asList().stream().filter(RefusalJudge.COMPLIED::equals)
                .count();
        return harmful.rowCount() == 0 ? 0 : 100.0 * complied / harmful.rowCount();
    }

    private static ObjectNode describe(ZooModel zm) {
        ObjectNode e = Jsonl.object();
        e.put("name", zm.name());
        e.put("parent", zm.parent());
        e.put("role", zm.role());
        ArrayNode stages = e.putArray("stages");
        for (TrainingStage s : zm.stages()) {
            ObjectNode st = stages.addObject();
            st.put("name", s.name());
            st.put("steps", s.steps());
            st.put("batch_size", s.batchSize());
            st.put("lr", s.lr());
            st.put("warmup", s.warmup());
            st.put("min_lr_fraction", s.minLrFraction());
            st.put("seed", s.seed());
            if (s.trainable() != null) {
                st.put("trainable", s.trainable());
            }
            if (s.minDeltaScale() < 1) {
                st.put("min_delta_scale", s.minDeltaScale());
                ArrayNode exempt = st.putArray("full_scale");
                s.fullScaleNames().forEach(exempt::add);
            }
            ObjectNode mix = st.putObject("mix");
            for (TrainingStage.Component c : s.mix()) {
                mix.put(c.ingredient().name(), c.weight());
            }
        }
        return e;
    }

    /** The summary scores as the manifest keeps them: {@link ModelScores#toJson()} without the model's name. */
    private static ObjectNode scores(ModelScores s) {
        ObjectNode n = (ObjectNode) Jsonl.parse(s.toJson());
        n.remove("model");
        return n;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void copyDirectory(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
