package io.ioptexplorer.hardware.testing;

import java.util.Map;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Makes property runs reproducible: with {@code -Djqwik.seed=N} every property without a seed of its own runs with
 * seed N, and under CI (the {@code CI} environment variable set) with {@link #CI_SEED} unless told otherwise. The
 * seed is printed before each property, so a CI failure is rerun locally with the same {@code -Djqwik.seed}.
 * Registered for every property through {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class FixedSeedHook implements AroundPropertyHook {
    /** The seed CI uses; any fixed value works, what matters is that it is the same on every run. */
    public static final String CI_SEED = "1616";
    public static final String SEED_PROPERTY = "jqwik.seed";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Optional<String> seed = seedFor(System.getProperty(SEED_PROPERTY), System.getenv());
        if (seed.isPresent() && context.attributes().seed().isEmpty()) {
            context.attributes().setSeed(seed.get());
            System.out.println("jqwik seed " + seed.get() + " for " + context.extendedLabel()
                    + " (rerun with -D" + SEED_PROPERTY + "=" + seed.get() + ")");
        }
        return property.execute();
    }

    /** The fixed seed to use, if any: the system property first, else {@link #CI_SEED} under CI, else none. */
    static Optional<String> seedFor(String property, Map<String, String> env) {
        if (property != null && !property.isBlank()) {
            return Optional.of(property.strip());
        }
        String ci = env.get("CI");
        return ci != null && !ci.isBlank() ? Optional.of(CI_SEED) : Optional.empty();
    }

    /** Registered once at the engine's root, it must reach every property below it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Runs outside the other around-property hooks, so statistics and reporting see the fixed seed. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }
}
