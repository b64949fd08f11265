package org.safemerge.merge.method;

/**
 * Spherical linear interpolation coefficients, shared by {@code slerp} and {@code nuslerp}: for vectors at angle
 * {@code omega}, {@code out = sin((1-t) omega)/sin(omega) * v0 + sin(t omega)/sin(omega) * v1}, applied to the
 * unnormalised vectors.
 */
public final class Slerp {
    private Slerp() {
    }

    /**
     * mergekit's {@code slerp}: falls back to linear interpolation when {@code |cos| > threshold} (0.9995).
     *
     * @param cos the cosine of the angle between the two vectors
     * @return {c0, c1}
     */
    public static double[] coefficients(double t, double cos, double threshold) {
        if (Math.abs(cos) > threshold) {
            return new double[] {1 - t, t};
        }
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        return new double[] {Math.sin((1 - t) * omega) / sin, Math.sin(t * omega) / sin};
    }

    /**
     * mergekit's {@code nuslerp}: no threshold; falls back to linear interpolation only when
     * {@code |sin omega| < 1e-8}.
     *
     * @param cos the cosine, clamped to [-1, 1] here
     * @return {c0, c1}
     */
    public static double[] nuCoefficients(double t, double cos) {
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        double sin = Math.sin(omega);
        if (Math.abs(sin) < 1e-8) {
            return new double[] {1 - t, t};
        }
        return new double[] {Math.sin((1 - t) * omega) / sin, Math.sin(t * omega) / sin};
    }
}
