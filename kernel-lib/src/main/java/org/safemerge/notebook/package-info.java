/**
 * Notebook support that does not depend on which Jupyter kernel runs the cells: the {@link
 * org.safemerge.notebook.Renderable} contract for the library's own result types, the MIME bundles that turn
 * images, XChart charts, Tablesaw tables and {@code Renderable}s into notebook outputs ({@link
 * org.safemerge.notebook.MimeBundle}), {@link org.safemerge.notebook.Notebook#setup()}, the first call of every
 * notebook, and the project's chart factories ({@link org.safemerge.notebook.Plots}).
 *
 * <p>The SafeMerge kernel ({@code org.safemerge.kernel}) registers these renderers itself. In another IJava-family
 * kernel (IJava, JJava), {@code Notebook.setup()} registers them through {@link
 * org.safemerge.notebook.KernelBridge}, which talks to that kernel by reflection, so this package compiles against
 * neither.
 */
package org.safemerge.notebook;
