package org.safemerge.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rotary position embedding frequencies: {@code inv_freq[i] = theta^(-2i/d)} for {@code i < d/2}, optionally
 * rescaled the {@code llama3} way (long wavelengths divided by {@code factor}, short ones kept, a smooth blend
 * between).
 *
 * @param type                  "default" or "llama3"
 * @param factor                llama3 {@code factor}
 * @param lowFreqFactor         llama3 {@code low_freq_factor}
 * @param highFreqFactor        llama3 {@code high_freq_factor}
 * @param originalMaxPositions  llama3 {@code original_max_position_embeddings}
 * @see <a href="https://arxiv.org/abs/2104.09864">RoFormer (rotary embeddings)</a>
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          double originalMaxPositions) {
    /** No scaling. */
    public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 1);

    /**
     * Reads a config's {@code rope_scaling} block ({@code rope_type}, or the older {@code type}).
     *
     * @param node   the block, or null
     * @param source the config, for messages
     * @throws IllegalArgumentException for a type other than default and llama3, or a missing llama3 field
     */
    public static RopeScaling parse(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        String type = node.path("rope_type").asText(node.path("type").asText("default"));
        switch (type) {
            case "default":
                return NONE;
            case "llama3":
                return new RopeScaling("llama3", required(node, "factor", source),
                        required(node, "low_freq_factor", source), required(node, "high_freq_factor", source),
                        required(node, "original_max_position_embeddings", source));
            default:
                throw new IllegalArgumentException(source + ": rope_scaling type '" + type + "' is not supported;"
                        + " supported: default, llama3");
        }
    }

    private static double required(JsonNode node, String key, String source) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(source + ": rope_scaling." + key + " must be a number for the"
                    + " llama3 rope type, found " + v);
        }
        return v.doubleValue();
    }

    /**
     * @param headDim the rotated dimension (even)
     * @param theta   {@code rope_theta}
     * @return the {@code headDim / 2} inverse frequencies, scaled as configured
     */
    public double[] inverseFrequencies(int headDim, double theta) {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
        }
        if (!type.equals("llama3")) {
            return inv;
        }
        double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
        double highFreqWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowFreqWavelen) {
                inv[i] = inv[i] / factor;                   // long wavelengths: fully interpolated
            } else if (wavelen >= highFreqWavelen) {         // in between: blend
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }                                                // short wavelengths: unchanged
        }
        return inv;
    }
}
