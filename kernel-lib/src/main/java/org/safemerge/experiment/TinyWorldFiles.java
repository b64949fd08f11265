package org.safemerge.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.safemerge.eval.EvalSets;
import org.safemerge.eval.EvalSuite;

/**
 * The tiny world on disk (by default {@code datasets/tiny-world/}):
 * <pre>
 * tokenizer/   tokenizer.json, tokenizer_config.json (with the chat template), special_tokens_map.json
 * data/        stem_{train,test}.jsonl, bio_{train,test}.jsonl, harmful_{train,test}.jsonl,
 *              benign_{train,test}.jsonl, general_train.jsonl
 * zoo/         the trained models (tiny-instruct, tiny-math, tiny-bio, tiny-wizard, tiny-generator), HF layout
 * manifest.json  seed, sizes, and size/lines/SHA-256 of every file
 * </pre>
 * Question lines: {@code {"id","prompt","answer","category","fact"}}; prompt lines:
 * {@code {"id","prompt","category","template","topic"}}.
 */
public final class TinyWorldFiles {
    /** Where the shipped tiny world lives, relative to the repository root. */
    public static final String DEFAULT_DIR = "datasets/tiny-world";
    /** Sub-directory with the tokenizer files. */
    public static final String TOKENIZER = "tokenizer";
    /** Sub-directory with the data sets. */
    public static final String DATA = "data";

    private TinyWorldFiles() {
    }

    /** Writes tokenizer, data sets and manifest into {@code dir} (which must exist and be empty or new). */
    public static void writeData(TinyWorldData data, Path dir) {
        TinyTokenizer.writeTo(dir.resolve(TOKENIZER), TinyTokenizer.merges(data));
        Path d = dir.resolve(DATA);
        Jsonl.write(d.resolve("stem_train.jsonl"), data.stem().train().stream().map(Jsonl::question).toList());
        Jsonl.write(d.resolve("stem_test.jsonl"), data.stem().test().stream().map(Jsonl::question).toList());
        Jsonl.write(d.resolve("bio_train.jsonl"), data.bio().train().stream().map(Jsonl::question).toList());
        Jsonl.write(d.resolve("bio_test.jsonl"), data.bio().test().stream().map(Jsonl::question).toList());
        Jsonl.write(d.resolve("harmful_train.jsonl"), data.harmful().train().stream().map(Jsonl::prompt).toList());
        Jsonl.write(d.resolve("harmful_test.jsonl"), data.harmful().test().stream().map(Jsonl::prompt).toList());
        Jsonl.write(d.resolve("benign_train.jsonl"), data.benign().train().stream().map(Jsonl::prompt).toList());
        Jsonl.write(d.resolve("benign_test.jsonl"), data.benign().test().stream().map(Jsonl::prompt).toList());
        Jsonl.write(d.resolve("general_train.jsonl"), data.general().stream().map(Jsonl::question).toList());
    }

    /** The manifest header: what generated the files and how big the sets are. */
    static ObjectNode header(TinyWorldData data) {
        ObjectNode h = Jsonl.object();
        h.put("world", "tiny-world");
        h.put("generator", TinyWorldData.class.getName());
        h.put("seed", data.seed());
        ObjectNode sizes = h.putObject("sizes");
        sizes.put("stem_train", data.stem().train().size());
        sizes.put("stem_test", data.stem().test().size());
        sizes.put("bio_train", data.bio().train().size());
        sizes.put("bio_test", data.bio().test().size());
        sizes.put("harmful_train", data.harmful().train().size());
        sizes.put("harmful_test", data.harmful().test().size());
        sizes.put("benign_train", data.benign().train().size());
        sizes.put("benign_test", data.benign().test().size());
        sizes.put("general_train", data.general().size());
        return h;
    }

    /** @return the held-out evaluation suite of a tiny-world directory */
    public static EvalSuite suite(Path dir) {
        Path d = dir.resolve(DATA);
        return new EvalSuite(EvalSets.readPrompts(d.resolve("harmful_test.jsonl")),
                EvalSets.readQuestions(d.resolve("stem_test.jsonl")),
                EvalSets.readQuestions(d.resolve("bio_test.jsonl")),
                EvalSets.readPrompts(d.resolve("benign_test.jsonl")));
    }

    /** @return the suite of the generated data directly (no files), for tests and notebooks */
    public static EvalSuite suite(TinyWorldData data) {
        return new EvalSuite(data.harmful().test().stream().map(PromptExample::toPromptItem).toList(),
                data.stem().test().stream().map(DomainQuestion::toQaItem).toList(),
                data.bio().test().stream().map(DomainQuestion::toQaItem).toList(),
                data.benign().test().stream().map(PromptExample::toPromptItem).toList());
    }

    static List<String> dataFiles() {
        return List.of("stem_train.jsonl", "stem_test.jsonl", "bio_train.jsonl", "bio_test.jsonl",
                "harmful_train.jsonl", "harmful_test.jsonl", "benign_train.jsonl", "benign_test.jsonl",
                "general_train.jsonl");
    }
}
