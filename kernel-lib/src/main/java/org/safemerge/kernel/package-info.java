/**
 * The SafeMerge Jupyter kernel: Java cells evaluated by the JDK's JShell inside the kernel's JVM, on the base
 * library of the IJava family of kernels.
 *
 * <h2>How a cell runs</h2>
 * {@link org.safemerge.kernel.SafeMergeKernel} splits the cell into Java chunks and line magics ({@link
 * org.safemerge.kernel.CellParts}), runs magics itself ({@code %jars}, {@code %classpath}, {@code %maven} from
 * the local Maven repository, offline: {@link org.safemerge.kernel.LocalMaven}) and hands the Java to {@link
 * org.safemerge.kernel.CellEvaluator}, which feeds JShell one snippet at a time and gets the real objects back
 * through an in-JVM execution control ({@code InJvmExecutionControl}), so tables, charts and images render richly.
 * Errors come back as {@link org.safemerge.kernel.CellException}s with the cell's line numbers: a caret under a
 * compile error, a stack that stops where the cell's code was entered.
 *
 * <h2>Why jjava-jupyter as the base</h2>
 * Both of IJava's base libraries on Maven Central were evaluated: {@code io.github.spencerpark:
 * jupyter-jvm-basekernel:2.3.0} (what IJava 1.3 is built on; last released 2019) and {@code
 * org.dflib.jjava:jjava-jupyter:1.0-a6} (its maintained continuation). Both start reliably here (0 hangs in 400
 * starts in the toolchain probe). This package uses jjava-jupyter because:
 * <ul>
 *   <li>its execute handler is {@code protected}: the kernel overrides it so that the {@code execute_reply} and
 *       the published error carry the cell's exception and cell-relative traceback. basekernel's handler is
 *       private and always replies with the kernel's own Java stack, which is what {@code nbconvert} then prints
 *       in CI;</li>
 *   <li>it logs through SLF4J (routed to slf4j-simple at WARN, like the rest of the library) instead of
 *       basekernel's java.util.logging INFO lines on every start;</li>
 *   <li>current dependencies (gson 2.11, jeromq 0.6, Java 11 bytecode) instead of gson 2.8.5 (CVE-2022-25647) and
 *       jeromq 0.5.1;</li>
 *   <li>it is maintained, and its renderer API is the one basekernel has, so {@code Notebook.setup()} serves IJava
 *       and JJava users alike ({@code org.safemerge.notebook.KernelBridge}).</li>
 * </ul>
 * The price: it is an alpha ({@code 1.0-a6}), so its version is pinned in the root pom and only its stable core
 * (connection, renderer, reply environment) is used. Only one of the two may be on the class path: Maven would
 * downgrade jjava's gson and jeromq to basekernel's.
 *
 * <h2>Pieces</h2>
 * {@link org.safemerge.kernel.KernelSpec} writes the kernelspec ({@code safemerge kernel install}); {@link
 * org.safemerge.kernel.Display} gives cells {@code display}/{@code updateDisplay}; {@link
 * org.safemerge.kernel.NotebookProgressFactory} turns the library's {@code Progress} into a live line; {@link
 * org.safemerge.kernel.StartupImports} lists what every session imports.
 */
package org.safemerge.kernel;
