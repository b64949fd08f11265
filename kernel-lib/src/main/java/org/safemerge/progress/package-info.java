/**
 * Progress reporting that library code uses without knowing where it is shown: a terminal bar (CLI), a live
 * notebook display (kernel) or nothing (tests).
 */
package org.safemerge.progress;
