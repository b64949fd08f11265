package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The STEM-like domain: four small-number tables (addition and multiplication of 1-9, and their inverses), 290
 * facts, each asked in five core phrasings (see {@link Phrasing}). Answers are whole numbers.
 */
public enum StemOperation {
    ADD("+", List.of("what is {a}+{b}?", "what is {a} plus {b}?", "{a}+{b}=?", "add {a} and {b}.",
            "the sum of {a} and {b}?")),
    SUBTRACT("-", List.of("what is {a}-{b}?", "what is {a} minus {b}?", "{a}-{b}=?", "subtract {b} from {a}.",
            "take {b} from {a}?")),
    MULTIPLY("*", List.of("what is {a}*{b}?", "what is {a} times {b}?", "{a}*{b}=?", "multiply {a} by {b}.",
            "the product of {a} and {b}?")),
    DIVIDE("/", List.of("what is {a}/{b}?", "what is {a} divided by {b}?", "{a}/{b}=?", "divide {a} by {b}.",
            "how many {b}s make {a}?"));

    /** One table entry: {@code a op b = answer}. */
    public record Fact(StemOperation op, int a, int b, int answer) {
        /** @return a compact id such as {@code 7*8} */
        public String id() {
            return a + op.symbol + b;
        }

        /** @return the question in phrasing number {@code phrasing} */
        public String question(int phrasing) {
            String core = op.cores.get(Phrasing.core(phrasing))
                    .replace("{a}", Integer.toString(a)).replace("{b}", Integer.toString(b));
            return Phrasing.wrap(core, phrasing);
        }
    }

    private final String symbol;
    private final List<String> cores;

    StemOperation(String symbol, List<String> cores) {
        this.symbol = symbol;
        this.cores = cores;
    }

    /** @return the operator symbol, used as the question's category ({@code + - * /}) */
    public String symbol() {
        return symbol;
    }

    /** @return the core phrasings with {@code {a}} and {@code {b}} slots */
    public List<String> cores() {
        return cores;
    }

    /**
     * @return this operation's table: a+b and a*b for a, b in 1..9 (a*b from 2..9), a-b = c and a/b = c as their
     *     inverses with a one-digit result
     */
    public List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        switch (this) {
            case ADD -> {
                for (int a = 1; a <= 9; a++) {
                    for (int b = 1; b <= 9; b++) {
                        facts.add(new Fact(this, a, b, a + b));
                    }
                }
            }
            case SUBTRACT -> {
                for (int c = 2; c <= 18; c++) {
                    for (int b = 1; b <= 9; b++) {
                        if (c - b >= 1 && c - b <= 9) {
                            facts.add(new Fact(this, c, b, c - b));
                        }
                    }
                }
            }
            case MULTIPLY -> {
                for (int a = 2; a <= 9; a++) {
                    for (int b = 2; b <= 9; b++) {
                        facts.add(new Fact(this, a, b, a * b));
                    }
                }
            }
            case DIVIDE -> {
                for (int a = 2; a <= 9; a++) {
                    for (int b = 2; b <= 9; b++) {
                        facts.add(new Fact(this, a * b, b, a));
                    }
                }
            }
        }
        return facts;
    }

    /** @return the operation with this symbol */
    public static StemOperation of(String symbol) {
        for (StemOperation op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown stem operation '" + symbol + "'; expected + - * or /");
    }
}
