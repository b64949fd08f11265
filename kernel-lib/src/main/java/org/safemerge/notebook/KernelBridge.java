package org.safemerge.notebook;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Registers {@link MimeBundle}'s renderers in the IJava-family kernel running the notebook, found and called by
 * reflection so that the library works in kernels whose base library it was not compiled against: IJava (Spencer
 * Park's {@code jupyter-jvm-basekernel}) and JJava ({@code jjava-jupyter}) share the renderer API used here
 * ({@code Renderer.createRegistration(Class).preferring(String...).register(RenderFunction)}, {@code
 * RenderContext.getOutputContainer().putData(String, Object)}).
 */
final class KernelBridge {
    /** The name the SafeMerge kernel reports; its renderers are built in. */
    static final String SAFEMERGE_KERNEL_NAME = "SafeMerge";

    private static final String JJAVA_BASE_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String IJAVA_MAIN = "io.github.spencerpark.ijava.IJava";
    private static final Set<Object> REGISTERED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private KernelBridge() {
    }

    /**
     * Finds the running kernel and registers the renderers in it (once per kernel).
     *
     * @return one line saying what was done, for {@link Notebook#setup()} to print
     */
    static String registerInRunningKernel() {
        Object jjava = callStatic(JJAVA_BASE_KERNEL, "notebookKernel");
        if (jjava != null) {
            if (SAFEMERGE_KERNEL_NAME.equals(call(jjava, "getName"))) {
                return "renderers: built into the SafeMerge kernel";
            }
            return "renderers: " + register(call(jjava, "getRenderer")) + " in the JJava kernel";
        }
        Object ijava = callStatic(IJAVA_MAIN, "getKernelInstance");
        if (ijava != null) {
            return "renderers: " + register(call(ijava, "getRenderer")) + " in the IJava kernel";
        }
        return "renderers: no IJava-family kernel found, tables and charts will show as text";
    }

    /**
     * Registers one render function per {@link MimeBundle#RICH_TYPES} entry, except {@code RenderedImage}, which
     * every IJava-family kernel renders already.
     *
     * @param renderer a kernel's {@code Renderer} (IJava or JJava)
     * @return what was registered, e.g. "registered tables, charts and results"
     * @throws IllegalStateException when the renderer does not have the expected API
     */
    static String register(Object renderer) {
        if (renderer == null) {
            throw new IllegalStateException("The kernel has no renderer");
        }
        if (!REGISTERED.add(renderer)) {
            return "already registered";
        }
        try {
            Method create = renderer.getClass().getMethod("createRegistration", Class.class);
            for (Class<?> type : MimeBundle.RICH_TYPES) {
                if (type == java.awt.image.RenderedImage.class) {
                    continue;
                }
                Object registration = create.invoke(renderer, type);
                String[] mimes = MimeBundle.mimeTypes(type).toArray(String[]::new);
                registration = registration.getClass().getMethod("preferring", String[].class)
                        .invoke(registration, (Object) mimes);
                Method register = registerMethod(registration.getClass());
                Class<?> functionType = register.getParameterTypes()[0];
                Object function = Proxy.newProxyInstance(functionType.getClassLoader(),
                        new Class<?>[] {functionType}, new RenderFunction());
                register.invoke(registration, function);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            REGISTERED.remove(renderer);
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("Could not register SafeMerge's renderers in "
                    + renderer.getClass().getName() + ": " + cause, cause);
        }
        return "registered tables, charts and results";
    }

    private static Method registerMethod(Class<?> registrationType) throws NoSuchMethodException {
        for (Method m : registrationType.getMethods()) {
            if (m.getName().equals("register") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].isInterface()) {
                return m;
            }
        }
        throw new NoSuchMethodException(registrationType.getName() + ".register(RenderFunction)");
    }

    /** Implements the kernel's {@code RenderFunction.render(value, context)} by copying the MIME bundle. */
    private static final class RenderFunction implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "render" -> {
                    Object out = call(args[1], "getOutputContainer");
                    Method put = out.getClass().getMethod("putData", String.class, Object.class);
                    for (Map.Entry<String, String> e : MimeBundle.of(args[0]).entrySet()) {
                        put.invoke(out, e.getKey(), e.getValue());
                    }
                    return null;
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "SafeMerge renderer";
                }
                default -> throw new UnsupportedOperationException(method.toString());
            }
        }
    }

    /** @return the static method's result, or null when the class is absent or the call fails (no such kernel) */
    private static Object callStatic(String className, String method) {
        try {
            ClassLoader loader = KernelBridge.class.getClassLoader();
            Class<?> type = Class.forName(className, true, loader);
            return type.getMethod(method).invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;  // not running in that kernel (notebookKernel() throws outside a running kernel)
        }
    }

    private static Object call(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unexpected kernel API: " + target.getClass().getName() + "." + method
                    + "() failed: " + e, e);
        }
    }
}
