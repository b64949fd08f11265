package org.safemerge.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.safemerge.data.MergeData;
import org.safemerge.data.HeldOutGuard;
import org.safemerge.data.MergeExample;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.merge.MergeCard;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.model.DeviceChoice;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.progress.ProgressFactory;
import org.safemerge.search.AdaMerging;
import org.safemerge.search.Candidate;
import org.safemerge.search.CandidateEvaluator;
import org.safemerge.search.DataMix;
import org.safemerge.search.EvoMM;
import org.safemerge.search.Genome;
import org.safemerge.search.Grid;
import org.safemerge.search.GridSearch;
import org.safemerge.search.LmCocktail;
import org.safemerge.search.MergePool;
import org.safemerge.search.Objective;
import org.safemerge.search.ObjectiveOptions;
import org.safemerge.search.SearchResult;
import org.safemerge.search.Selection;
import org.safemerge.search.SuiteEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code safemerge search --recipe RECIPE.yml --data DATA.jsonl --strategy grid|lm-cocktail|evomm|adamerging
 * --out OUTDIR}: a data-aware merge, written as the best merged model plus the search's table, plots and recipe.
 */
@Command(name = "search", sortOptions = false,
        description = {"Data-aware merging: search merge parameters that minimise L_safety + alpha * L_expert (the"
                + " merged model's answer-token cross-entropy on merge data), or L_expert alone with --mix expert.",
                "The recipe names the pool (models:), the base (base_model) and the method (merge_method; its"
                        + " parameters are the start, or ignored where the search sets them).",
                "Writes OUTDIR/model (the best merged model, Hugging Face layout, with its scores in the model"
                        + " card), OUTDIR/candidates.csv, OUTDIR/*.png and OUTDIR/best-recipe.yml.",
                "Example: safemerge search --recipe pool.yml --data data.jsonl --strategy evomm --budget 100"
                        + " --seed 1 --out out/evomm"})
public final class SearchCommand implements Callable<Integer> {
    @Option(names = "--recipe", required = true, paramLabel = "RECIPE.yml",
            description = "The pool: a mergekit recipe with models:, base_model and merge_method.")
    Path recipe;

    @Option(names = "--data", required = true, paramLabel = "DATA.jsonl",
            description = "Merge data: {\"prompt\", \"answer\", \"type\": \"safety\"|\"expert\", \"source_model\","
                    + " \"category\"} per line.")
    Path data;

    @Option(names = "--strategy", required = true, paramLabel = "STRATEGY",
            description = "grid (the paper's grid for ties, dare_ties, slerp), lm-cocktail, evomm (CMA-ES) or"
                    + " adamerging.")
    String strategy;

    @Option(names = "--grid", paramLabel = "PARAM=V1,V2,...",
            description = "grid: search these values instead of the paper's grid; repeat for more axes (the first"
                    + " varies slowest). Per-model parameters are set on every model with a task vector. Example:"
                    + " --grid weight=0.5,0.8,0.9,1 --grid density=0.5,1")
    List<String> gridAxes = List.of();

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "The output directory.")
    Path out;

    @Option(names = "--alpha", defaultValue = "0.3", description = "Weight of L_expert (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--mix", defaultValue = "expert+safety", paramLabel = "MIX",
            description = "Data the objective uses: expert+safety (the paper's method) or expert (the baseline)"
                    + " (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--select", defaultValue = "objective", paramLabel = "RULE",
            description = "How the best candidate is picked: objective, or accuracy (the paper's rule for grids:"
                    + " highest held-out domain accuracy; needs a suite) (default: ${DEFAULT-VALUE}).")
    String select;

    @Option(names = "--suite", defaultValue = "auto", paramLabel = "auto|tiny|DIR|none",
            description = "Held-out evaluation of every candidate (alignment with the refusal judge, domain accuracy):"
                    + " tiny (the tiny world's test splits, next to the pool or in datasets/tiny-world), DIR (a"
                    + " directory with data/*_test.jsonl), none, or auto (tiny when the pool lives in a tiny world,"
                    + " else none) (default: ${DEFAULT-VALUE}). Merge data that contain a held-out prompt are"
                    + " refused.")
    String suite;

    @Option(names = "--eval-limit", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N prompts of each held-out set, 0 = all (default: ${DEFAULT-VALUE}).")
    int evalLimit;

    @Option(names = "--domain", defaultValue = "auto", paramLabel = "auto|stem|bio|stem,bio",
            description = "Domains whose held-out accuracy is the candidate's domain accuracy (their mean); auto"
                    + " takes them from the experts' names (math, wizard: stem; bio: bio) (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--budget", defaultValue = "100",
            description = "evomm: merged-model evaluations (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seeds CMA-ES, AdaMerging's minibatches and DARE draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", defaultValue = "1.0",
            description = "lm-cocktail: T in softmax(-loss / T); the paper's runs use 1.0, the LM_Cocktail library"
                    + " 5.0 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--layer-granularity", defaultValue = "1", paramLabel = "N",
            description = "evomm and layer-wise adamerging: layers per group, 0 = one group (default:"
                    + " ${DEFAULT-VALUE}).")
    int granularity;

    @Option(names = "--adamerging-loss", defaultValue = "cross-entropy", paramLabel = "LOSS",
            description = "adamerging: cross-entropy (the objective) or entropy (the original, on unlabelled prompts)"
                    + " (default: ${DEFAULT-VALUE}).")
    String adaLoss;

    @Option(names = "--task-wise", description = "adamerging: one coefficient per expert instead of per layer group.")
    boolean taskWise;

    @Option(names = "--steps", defaultValue = "100", description = "adamerging: gradient steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.01", description = "adamerging: Adam's step size (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
            description = "Pairs per forward pass when scoring (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (a GPU when DJL finds one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Mixin
    ModelOutputOptions output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        String strat = strategy.toLowerCase(Locale.ROOT);
        if (!List.of("grid", "lm-cocktail", "evomm", "adamerging").contains(strat)) {
            throw new IllegalArgumentException("--strategy: '" + strategy + "' is not one of grid, lm-cocktail, evomm,"
                    + " adamerging");
        }
        if (budget < 1) {
            throw new IllegalArgumentException("--budget must be at least 1 evaluation, got " + budget);
        }
        if (granularity < 0) {
            throw new IllegalArgumentException("--layer-granularity must be >= 0 (0 = one group), got " + granularity);
        }
        Selection selection = switch (select.toLowerCase(Locale.ROOT)) {
            case "objective" -> Selection.OBJECTIVE;
            case "accuracy" -> Selection.ACCURACY;
            default -> throw new IllegalArgumentException("--select: '" + select + "' is not one of objective,"
                    + " accuracy");
        };
        if (selection == Selection.ACCURACY && suite.strip().equals("none")) {
            throw new IllegalArgumentException("--select accuracy needs a held-out suite to measure domain accuracy"
                    + " on; --suite none gives none (use --select objective)");
        }
        if (evalLimit < 0) {
            throw new IllegalArgumentException("--eval-limit must be >= 0 (0 = all), got " + evalLimit);
        }
        int n = output.threads();
        DataMix dataMix;
        try {
            dataMix = DataMix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mix: " + e.getMessage(), e);
        }
        ObjectiveOptions options;
        try {
            options = ObjectiveOptions.defaults().withAlpha(alpha).withMix(dataMix).withBatchSize(batchSize)
                    .withSeed(seed).withThreads(n).withRuntime(RuntimeOptions.DEFAULT.withDevice(device));
        } catch (IllegalArgumentException e) { // the message names the value: alpha or the batch size
            throw new IllegalArgumentException("--alpha/--batch-size: " + e.getMessage(), e);
        }
        MergeOptions mergeOptions = output.mergeOptions(seed);
        Path target = out.toAbsolutePath().normalize();
        AtomicDirectory.checkTarget(target, output.overwrite()); // refuse before any work
        Recipe r = Recipe.load(recipe);
        // every strategy option is checked before the models are loaded
        Grid grid = strat.equals("grid") ? grid(r) : null;
        if (!gridAxes.isEmpty() && grid == null) {
            throw new IllegalArgumentException("--grid sets the points of --strategy grid, not of " + strat);
        }
        EvoMM.Options evo = strat.equals("evomm") ? EvoMM.Options.defaults().withBudget(budget)
                .withLayerGranularity(granularity).withSeed(seed).withSelection(selection) : null;
        AdaMerging.Options ada = strat.equals("adamerging") ? adaMergingOptions() : null;
        List<MergeExample> examples = MergeData.read(data);
        MergePool pool = MergePool.load(r);
        EvalSuite heldOut = heldOutSuite(pool);
        if (selection == Selection.ACCURACY && heldOut == null) {
            throw new IllegalArgumentException("--select accuracy needs a held-out suite to measure domain accuracy"
                    + " on: pass --suite tiny or --suite DIR (or use --select objective)");
        }
        CandidateEvaluator evaluator = null;
        if (heldOut != null) {
            HeldOutGuard.of(heldOut).requireDisjointExamples(examples, "--data " + data);
            evaluator = evaluator(pool, heldOut);
        }
        if (evo != null) {
            Genome.of(pool, granularity); // the genome fits the pool
        }
        installTerminalProgress();
        SearchResult result;
        try (Objective objective = Objective.create(pool, examples, options)) {
            result = switch (strat) {
                case "grid" -> GridSearch.run(objective, grid, selection, evaluator);
                case "lm-cocktail" -> LmCocktail.run(objective, temperature, evaluator);
                case "evomm" -> EvoMM.run(objective, evo, evaluator);
                default -> AdaMerging.run(objective, ada, evaluator);
            };
        }
        try (AtomicDirectory dir = AtomicDirectory.create(target, output.overwrite())) {
            List<Path> files = new ArrayList<>(result.save(dir.path()));
            Merger.mergeToDirectory(result.bestRecipe(), dir.path().resolve("model"),
                    mergeOptions.withCardSections(List.of(card(result))));
            dir.commit();
            stdout.println(result.summary());
            stdout.println("wrote " + target.resolve("model") + " (the best merged model) and "
                    + files.stream().map(f -> f.getFileName().toString()).toList() + " into " + target);
            stdout.flush();
        }
        return SafeMergeCli.EXIT_OK;
    }

    /** @return the {@code --grid} axes, or the paper's grid for the recipe's method without them */
    private Grid grid(Recipe r) {
        if (!gridAxes.isEmpty()) {
            try {
                return Grid.parse(r, gridAxes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--grid: " + e.getMessage(), e);
            }
        }
        try {
            return Grid.paper(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; pass --grid PARAM=V1,V2,... to search a grid of"
                    + " your own", e);
        }
    }

    /** @return the held-out suite {@code --suite} names (limited by {@code --eval-limit}), or null for none */
    private EvalSuite heldOutSuite(MergePool pool) {
        String s = suite.strip();
        Path anyModel = pool.dir(pool.experts().isEmpty() ? pool.configDonor() : pool.experts().getFirst());
        EvalSuite found;
        if (s.equals("none")) {
            return null;
        } else if (s.equals("auto")) {
            found = HeldOutSuites.nextTo(anyModel);
            if (found == null) {
                return null;
            }
        } else {
            found = HeldOutSuites.resolve(s, "--suite", anyModel);
        }
        return evalLimit > 0 ? found.limit(evalLimit) : found;
    }

    /**
     * Measures alignment (the refusal judge on the held-out harmful prompts) and domain accuracy (the held-out test
     * split of {@code --domain}) of every candidate.
     */
    private CandidateEvaluator evaluator(MergePool pool, EvalSuite heldOut) {
        List<SuiteEvaluator.Domain> domains = new ArrayList<>();
        if (domain.strip().equalsIgnoreCase("auto")) {
            try {
                domains.addAll(SuiteEvaluator.domainsOf(pool));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--domain auto: " + e.getMessage() + "; pass --domain stem|bio", e);
            }
        } else {
            for (String d : domain.split(",")) {
                try {
                    SuiteEvaluator.Domain x = SuiteEvaluator.Domain.parse(d.strip());
                    if (!domains.contains(x)) {
                        domains.add(x);
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--domain: " + e.getMessage(), e);
                }
            }
        }
        return new SuiteEvaluator(heldOut, new RefusalJudge(), domains, SuiteEvaluator.DEFAULT_MAX_NEW_TOKENS);
    }

    private AdaMerging.Options adaMergingOptions() {
        AdaMerging.Loss loss = switch (adaLoss.toLowerCase(Locale.ROOT)) {
            case "cross-entropy" -> AdaMerging.Loss.CROSS_ENTROPY;
            case "entropy" -> AdaMerging.Loss.ENTROPY;
            default -> throw new IllegalArgumentException("--adamerging-loss: '" + adaLoss + "' is not one of"
                    + " cross-entropy, entropy");
        };
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + lr);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
        }
        return AdaMerging.Options.defaults().withLoss(loss).withSteps(steps).withLearningRate(lr).withSeed(seed)
                .withGranularity(taskWise ? AdaMerging.Granularity.TASK_WISE : AdaMerging.Granularity.LAYER_WISE)
                .withLayerGranularity(Math.max(1, granularity));
    }

    /** The model card's section: how the model was found and its scores. */
    private static MergeCard.Section card(SearchResult r) {
        Candidate b = r.best();
        StringBuilder md = new StringBuilder();
        md.append("Found by `safemerge search --strategy ").append(r.strategy()).append("` (")
                .append(r.candidates().size()).append(" candidate").append(r.candidates().size() == 1 ? "" : "s")
                .append(" evaluated; see `../candidates.csv` in the search output).\n\n");
        md.append("- Search: ").append(r.description()).append('\n');
        md.append("- Best candidate: #").append(b.index()).append(", ").append(b.label()).append('\n');
        md.append(String.format(Locale.ROOT, "- L_merge: %.4f%n", b.score().value()));
        if (!Double.isNaN(b.score().safetyLoss())) {
            md.append(String.format(Locale.ROOT, "- L_safety: %.4f nats per answer token%n", b.score().safetyLoss()));
        }
        md.append(String.format(Locale.ROOT, "- L_expert: %.4f nats per answer token%n", b.score().expertLoss()));
        if (b.metrics() != null) {
            md.append(String.format(Locale.ROOT, "- Alignment: %.1f %% safe replies%n", b.alignment()));
            md.append(String.format(Locale.ROOT, "- Domain accuracy: %.1f %%%n", b.domainAccuracy()));
        }
        return new MergeCard.Section("Data-aware merge", md.toString());
    }

    /** Shows a progress bar when a person is watching (a terminal), nothing when output is redirected. */
    private static void installTerminalProgress() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
