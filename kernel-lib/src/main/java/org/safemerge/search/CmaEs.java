package org.safemerge.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.hipparchus.random.MersenneTwister;

/**
 * CMA-ES minimisation with a budget of function evaluations, as {@code cma.fmin2} runs in mergekit-evolve: an
 * unbounded search from a start point with one initial step size, a population size, and a seed. Runs Hipparchus'
 * {@code CMAESOptimizer} (see the package documentation for why that implementation) and records every evaluation.
 *
 * <p>Evaluations run one after another in the calling thread, in the optimiser's order: the same seed gives the same
 * sequence of points.
 */
public final class CmaEs {
    /** Stands in for a value that is not finite, so ranking stays well defined. */
    static final double NOT_FINITE = 1e30;

    private CmaEs() {
    }

    /**
     * One evaluation.
     *
     * @param index 1-based evaluation number
     * @param x     the point
     * @param value f(x)
     */
    public record Evaluation(int index, double[] x, double value) {
    }

    /** @return the default population size for a problem of {@code dimension} genes: 4 + floor(3 ln n) */
    public static int defaultPopulation(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a genome needs at least one gene, got " + dimension);
        }
        return 4 + (int) Math.floor(3 * Math.log(dimension));
    }

    /**
     * Minimises {@code f} from {@code start}.
     *
     * @param sigma0     the initial step size (the same in every coordinate)
     * @param population offspring per generation (at least 2)
     * @param budget     the most evaluations of {@code f}, the start point included; fewer if CMA-ES converges
     * @return every evaluation, in order
     */
    public static List<Evaluation> minimize(ToDoubleFunction<double[]> f, double[] start, double sigma0,
                                            int population, int budget, long seed) {
        if (!(sigma0 > 0) || Double.isInfinite(sigma0)) {
            throw new IllegalArgumentException("sigma0 must be a positive number, got " + sigma0);
        }
        if (population < 2) {
            throw new IllegalArgumentException("the CMA-ES population must be at least 2, got " + population);
        }
        if (budget < 1) {
            throw new IllegalArgumentException("the evaluation budget must be at least 1, got " + budget);
        }
        List<Evaluation> log = new ArrayList<>();
        int n = start.length;
        double[] sigma = new double[n];
        Arrays.fill(sigma, sigma0);
        // maxIterations only caps generations here (the budget is MaxEval); a huge value keeps CMA-ES' step-size
        // damping at its textbook value, as in pycma. Active covariance update, full covariance, no resampling.
        CMAESOptimizer optimizer = new CMAESOptimizer(Integer.MAX_VALUE, 0.0, true, 0, 0, new MersenneTwister(seed),
                false, null);
        optimizer.optimize(new MaxEval(budget), GoalType.MINIMIZE, new InitialGuess(start.clone()),
                SimpleBounds.unbounded(n), new CMAESOptimizer.Sigma(sigma), new CMAESOptimizer.PopulationSize(population),
                new ObjectiveFunction(x -> {
                    double v = f.applyAsDouble(x.clone());
                    log.add(new Evaluation(log.size() + 1, x.clone(), v));
                    return Double.isFinite(v) ? v : NOT_FINITE;
                }));
        // The optimiser stops at the budget by catching its own evaluation-count exception: the log is complete.
        return Collections.unmodifiableList(log);
    }
}
