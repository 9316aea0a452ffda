package dev.promotiond.reload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGHUP through {@code sun.misc.Signal}, the JDK's only hook for it, reached by reflection: a
 * direct reference draws a javac warning ("internal proprietary API") that no annotation can
 * silence, and the build compiles with warnings as errors.
 */
final class HangupSignal {
    private static final String SIGNAL = "sun.misc.Signal";
    private static final String HANDLER = "sun.misc.SignalHandler";

    private HangupSignal() {
    }

    /**
     * Runs {@code onHangup} on every SIGHUP from now on and returns the handler it replaced (hand it
     * to {@link #restore}).
     *
     * @throws UnsupportedOperationException where the platform or the JVM does not let us handle SIGHUP
     */
    static Object install(Runnable onHangup) {
        try {
            Class<?> handlerType = Class.forName(HANDLER);
            Object handler = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onHangup.run();
                            return null;
                        }
                        return objectMethod(proxy, method, args);
                    });
            return handle(handler);
        } catch (ReflectiveOperationException e) {
            throw unsupported(e);
        }
    }

    /** Whether a handler {@link #install} replaced was "ignore" (the process started under nohup or similar). */
    static boolean ignored(Object previous) {
        try {
            return previous != null && previous == Class.forName(HANDLER).getField("SIG_IGN").get(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Gives SIGHUP back to a handler {@link #install} returned. */
    static void restore(Object previous) {
        try {
            handle(previous);
        } catch (ReflectiveOperationException e) {
            throw unsupported(e);
        }
    }

    private static Object handle(Object handler) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName(SIGNAL);
        Object hup = signalType.getConstructor(String.class).newInstance("HUP");
        Method handle = signalType.getMethod("handle", signalType, Class.forName(HANDLER));
        try {
            return handle.invoke(null, hup, handler);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. IllegalArgumentException: the signal is taken by the JVM (-Xrs) or unknown here
            }
            throw e;
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "promotiond SIGHUP handler";
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private static UnsupportedOperationException unsupported(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
        return new UnsupportedOperationException("no SIGHUP hook in this JVM: " + cause, cause);
    }
}
