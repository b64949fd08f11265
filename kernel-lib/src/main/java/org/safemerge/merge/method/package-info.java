/**
 * The merge methods, one small class each, with mergekit's ids, parameters and defaults. Each class javadoc gives
 * the formula, the inputs and the paper; the maths is written from the papers and REFERENCE.md, not translated
 * from mergekit. Shared pieces: {@link org.safemerge.merge.method.Slerp} (spherical interpolation coefficients)
 * and the sparsifiers in {@code merge.sparsify}.
 */
package org.safemerge.merge.method;
