package org.safemerge.merge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.safemerge.io.DType;

/**
 * A mergekit recipe as data: what to merge, how, and with which parameters. Parse one from YAML
 * ({@link #load}, {@link #parse}), build one in code ({@link #builder}), write one back ({@link #toYaml}); every
 * factory validates the whole recipe before returning (method, parameter names, types and ranges, model counts,
 * base model, layer ranges, dtypes), with the recipe key path in every message.
 *
 * <pre>
 * Recipe r = Recipe.builder("ties").baseModel("base")
 *         .model("math", Map.of("weight", 0.6, "density", 0.5))
 *         .model("code", Map.of("weight", 0.4, "density", List.of(1.0, 0.5, 0.2)))   // a gradient over layers
 *         .dtype("bfloat16").build();
 * String yaml = r.toYaml();   // mergekit-compatible
 * </pre>
 *
 * <p>Model references are local directories, absolute or relative to {@link #baseDir()} (the recipe file's
 * directory). Exactly one of {@link #models()} and {@link #slices()} is non-empty.
 *
 * @param mergeMethod     the method id ({@code merge_method})
 * @param baseModel       the base model reference, or null
 * @param models          the {@code models:} entries (empty when slices are used)
 * @param slices          the {@code slices:} entries (empty when models are used)
 * @param parameters      the top-level {@code parameters}
 * @param dtype           the working dtype inputs are cast to, or null (no cast)
 * @param outDtype        the dtype written, or null (= dtype)
 * @param tokenizerSource {@code base}, a model reference, or null (the base's, else the first model's, files)
 * @param chatTemplate    {@code auto}, a built-in name, a Jinja template, or null (keep the donor's)
 * @param baseDir         the directory model references are relative to
 */
public record Recipe(String mergeMethod, String baseModel, List<ModelEntry> models, List<Slice> slices,
                     Map<String, ParamValue> parameters, DType dtype, DType outDtype, String tokenizerSource,
                     String chatTemplate, Path baseDir) {
    public Recipe {
        models = models == null ? List.of() : List.copyOf(models);
        slices = slices == null ? List.of() : List.copyOf(slices);
        parameters = frozen(parameters);
        baseDir = baseDir == null ? Path.of("") : baseDir;
    }

    /**
     * One {@code models:} entry.
     *
     * @param model      the model reference
     * @param parameters its per-model parameters
     */
    public record ModelEntry(String model, Map<String, ParamValue> parameters) {
        public ModelEntry {
            parameters = frozen(parameters);
        }
    }

    /**
     * One {@code slices:} entry: output layers built from the same number of layers of each source.
     *
     * @param sources    the input layer ranges
     * @param baseModel  this slice's base model, or null (the recipe's)
     * @param parameters this slice's parameters
     */
    public record Slice(List<Source> sources, String baseModel, Map<String, ParamValue> parameters) {
        public Slice {
            sources = sources == null ? List.of() : List.copyOf(sources);
            parameters = frozen(parameters);
        }
    }

    /**
     * One source of a slice.
     *
     * @param model      the model reference
     * @param layerRange the input layers {@code [start, end)}
     * @param parameters its per-model parameters
     */
    public record Source(String model, LayerRange layerRange, Map<String, ParamValue> parameters) {
        public Source {
            parameters = frozen(parameters);
        }
    }

    /**
     * Input layers {@code [start, end)}.
     *
     * @param start the first layer
     * @param end   one past the last layer
     */
    public record LayerRange(int start, int end) {
        /** @return the number of layers */
        public int length() {
            return end - start;
        }

        @Override
        public String toString() {
            return "[" + start + ", " + end + "]";
        }
    }

    private static Map<String, ParamValue> frozen(Map<String, ParamValue> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    // ---- factories ----

    /**
     * Reads and validates a recipe file (mergekit YAML, or a merge's {@code safemerge_config.yml}).
     *
     * @throws IllegalArgumentException if the file is missing, not YAML, or not a valid recipe (with the key path)
     */
    public static Recipe load(Path yml) {
        String text;
        try {
            text = Files.readString(yml);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("recipe " + yml + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recipe " + yml + ": " + e.getMessage(), e);
        }
        Path dir = yml.toAbsolutePath().getParent();
        try {
            return parse(text, dir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recipe " + yml + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates recipe YAML.
     *
     * @param baseDir the directory relative model references are resolved against
     */
    public static Recipe parse(String yaml, Path baseDir) {
        Recipe r = RecipeYaml.parse(yaml, baseDir);
        RecipeValidator.validate(r);
        return r;
    }

    /** @return a builder for a recipe merging with {@code mergeMethod} */
    public static Builder builder(String mergeMethod) {
        return new Builder(mergeMethod);
    }

    /** @return this recipe as mergekit-compatible YAML (what mergekit and {@code safemerge merge} read) */
    public String toYaml() {
        return RecipeYaml.write(this);
    }

    /** @return the merge method (throws naming the known ids if unknown) */
    public MergeMethod method() {
        return MergeMethods.get(mergeMethod);
    }

    /** @return true if the recipe uses {@code slices:} */
    public boolean usesSlices() {
        return !slices.isEmpty();
    }

    /** @return where a model reference points: itself if absolute, else relative to {@link #baseDir()} */
    public Path resolve(String ref) {
        Path p = Path.of(ref);
        return (p.isAbsolute() ? p : baseDir.resolve(p)).toAbsolutePath().normalize();
    }

    /** @return every model reference, each once: the base first, then models or slice sources, then the tokenizer */
    public List<String> modelRefs() {
        LinkedHashSet<String> refs = new LinkedHashSet<>();
        if (baseModel != null) {
            refs.add(baseModel);
        }
        models.forEach(m -> refs.add(m.model()));
        for (Slice s : slices) {
            if (s.baseModel() != null) {
                refs.add(s.baseModel());
            }
            s.sources().forEach(src -> refs.add(src.model()));
        }
        if (tokenizerSource != null && !tokenizerSource.equals("base")) {
            refs.add(tokenizerSource);
        }
        return new ArrayList<>(refs);
    }

    /** @return the recipe key where a model reference first appears, e.g. {@code models[1].model}, for messages */
    public String keyOf(String ref) {
        if (ref.equals(baseModel)) {
            return "base_model";
        }
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).model().equals(ref)) {
                return "models[" + i + "].model";
            }
        }
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            if (ref.equals(s.baseModel())) {
                return "slices[" + i + "].base_model";
            }
            for (int j = 0; j < s.sources().size(); j++) {
                if (s.sources().get(j).model().equals(ref)) {
                    return "slices[" + i + "].sources[" + j + "].model";
                }
            }
        }
        return "tokenizer_source";
    }

    /** @return a copy with every model reference replaced by its absolute path (for a self-contained record) */
    public Recipe withAbsoluteModelPaths() {
        java.util.function.UnaryOperator<String> abs = ref -> ref == null ? null : resolve(ref).toString();
        List<ModelEntry> m = models.stream().map(e -> new ModelEntry(abs.apply(e.model()), e.parameters())).toList();
        List<Slice> s = slices.stream().map(sl -> new Slice(sl.sources().stream()
                .map(src -> new Source(abs.apply(src.model()), src.layerRange(), src.parameters())).toList(),
                abs.apply(sl.baseModel()), sl.parameters())).toList();
        String tok = tokenizerSource == null || tokenizerSource.equals("base") ? tokenizerSource
                : abs.apply(tokenizerSource);
        return new Recipe(mergeMethod, abs.apply(baseModel), m, s, parameters, dtype, outDtype, tok, chatTemplate,
                baseDir);
    }

    /** @return the dtype tensors are written as when the recipe says ({@code out_dtype}, else {@code dtype}), or null */
    public DType writtenDtype() {
        return outDtype != null ? outDtype : dtype;
    }

    // ---- builder ----

    /** Builds a recipe in code; {@link #build()} validates it like a parsed one. */
    public static final class Builder {
        private final String mergeMethod;
        private String baseModel;
        private final List<ModelEntry> models = new ArrayList<>();
        private final List<Slice> slices = new ArrayList<>();
        private final Map<String, ParamValue> parameters = new LinkedHashMap<>();
        private DType dtype;
        private DType outDtype;
        private String tokenizerSource;
        private String chatTemplate;
        private Path baseDir = Path.of("");

        private Builder(String mergeMethod) {
            this.mergeMethod = mergeMethod;
        }

        /** Sets {@code base_model}. */
        public Builder baseModel(String ref) {
            this.baseModel = ref;
            return this;
        }

        /** Adds a {@code models:} entry without parameters. */
        public Builder model(String ref) {
            return model(ref, Map.of());
        }

        /**
         * Adds a {@code models:} entry.
         *
         * @param params name to value: a number, boolean or string, a list of numbers (gradient), a list of
         *               {@code Map.of("filter", .., "value", ..)} (filters), or a {@link ParamValue}
         */
        public Builder model(String ref, Map<String, ?> params) {
            models.add(new ModelEntry(ref, convert(params)));
            return this;
        }

        /** Adds a {@code slices:} entry, built by {@code slice}. */
        public Builder slice(Consumer<SliceBuilder> slice) {
            SliceBuilder b = new SliceBuilder();
            slice.accept(b);
            slices.add(new Slice(b.sources, b.baseModel, b.parameters));
            return this;
        }

        /** Sets a top-level parameter (same value forms as {@link #model(String, Map)}). */
        public Builder parameter(String name, Object value) {
            parameters.put(name, ParamValue.of(value));
            return this;
        }

        /** Sets the working dtype ({@code bfloat16}, {@code float16}, {@code float32}). */
        public Builder dtype(String name) {
            return dtype(name == null ? null : DType.fromTorchName(name));
        }

        /** Sets the working dtype. */
        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /** Sets the output dtype. */
        public Builder outDtype(String name) {
            return outDtype(name == null ? null : DType.fromTorchName(name));
        }

        /** Sets the output dtype. */
        public Builder outDtype(DType d) {
            this.outDtype = d;
            return this;
        }

        /** Sets {@code tokenizer_source} ({@code base} or a model reference). */
        public Builder tokenizerSource(String source) {
            this.tokenizerSource = source;
            return this;
        }

        /** Sets {@code chat_template} ({@code auto}, a built-in name or a Jinja template). */
        public Builder chatTemplate(String template) {
            this.chatTemplate = template;
            return this;
        }

        /** Sets the directory relative model references are resolved against (default: the working directory). */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /**
         * @return the validated recipe
         * @throws IllegalArgumentException with the key path of the first problem
         */
        public Recipe build() {
            Recipe r = new Recipe(mergeMethod, baseModel, models, slices, parameters, dtype, outDtype,
                    tokenizerSource, chatTemplate, baseDir);
            RecipeValidator.validate(r);
            return r;
        }
    }

    /** Builds one slice. */
    public static final class SliceBuilder {
        private final List<Source> sources = new ArrayList<>();
        private final Map<String, ParamValue> parameters = new LinkedHashMap<>();
        private String baseModel;

        private SliceBuilder() {
        }

        /** Adds a source: layers {@code [start, end)} of {@code ref}. */
        public SliceBuilder source(String ref, int start, int end) {
            return source(ref, start, end, Map.of());
        }

        /** Adds a source with per-model parameters. */
        public SliceBuilder source(String ref, int start, int end, Map<String, ?> params) {
            sources.add(new Source(ref, new LayerRange(start, end), convert(params)));
            return this;
        }

        /** Sets this slice's base model. */
        public SliceBuilder baseModel(String ref) {
            this.baseModel = ref;
            return this;
        }

        /** Sets a slice-level parameter. */
        public SliceBuilder parameter(String name, Object value) {
            parameters.put(name, ParamValue.of(value));
            return this;
        }
    }

    private static Map<String, ParamValue> convert(Map<String, ?> params) {
        Map<String, ParamValue> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, ParamValue.of(v)));
        return out;
    }
}
