package org.safemerge.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM (JShell's local execution, whose stop works by instrumented
 * backward branches) and hands the real objects back for rendering: JShell's API only returns values as strings,
 * which would turn images and tables into text.
 *
 * <p>Snippet threads see JShell's class loader as their context class loader, so libraries added with {@code %jars}
 * or {@code %maven} that look up services through it (DJL engines, for instance) find them.
 */
final class InJvmExecutionControl extends LocalExecutionControl {
    private volatile Object lastValue;

    private InJvmExecutionControl(ClassLoader parent) {
        super(parent);
    }

    /**
     * Reads a variable for JShell and keeps the object itself for {@link #takeValue()}.
     *
     * <p>Returns the type name instead of {@code toString()}: JShell only needs a string here, and the kernel renders
     * the object itself (a large table's {@code toString()} is not free).
     */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        Object value;
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            value = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("Reading " + className + "." + varName + " failed: " + e);
        }
        lastValue = value;
        return value == null ? "null" : value.getClass().getName();
    }

    /** @return the object read by the last {@link #varValue} call, and forgets it */
    Object takeValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** Loads the cell's classes with their {@code System.exit} calls made to throw instead ({@link CellExit}). */
    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            rewritten[i] = new ClassBytecodes(cbcs[i].name(), CellExit.rewrite(cbcs[i].bytecodes()));
        }
        super.load(rewritten);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        // The snippet thread inherits this thread's context class loader: make it JShell's, which sees %jars.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        try {
            return super.invoke(doitMethod);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** Creates the control for JShell and remembers it, so the evaluator can take values from it. */
    static final class Provider implements ExecutionControlProvider {
        private final ClassLoader parent;
        private volatile InJvmExecutionControl control;

        Provider(ClassLoader parent) {
            this.parent = parent;
        }

        @Override
        public String name() {
            return "safemerge-in-jvm";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new InJvmExecutionControl(parent);
            return control;
        }

        /** @return the control JShell is using */
        InJvmExecutionControl control() {
            InJvmExecutionControl c = control;
            if (c == null) {
                throw new IllegalStateException("JShell has not started its execution engine yet");
            }
            return c;
        }
    }
}
