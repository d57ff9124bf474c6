package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The IOTLB's activity line counts in words that agree with their numbers. */
class IotlbActivityTextTest {
    @Test
    void oneIsSingularAndMissBecomesMisses() {
        assertThat(IotlbView.count(1, "invalidation")).isEqualTo("1 invalidation");
        assertThat(IotlbView.count(0, "invalidation")).isEqualTo("0 invalidations");
        assertThat(IotlbView.count(1, "miss")).isEqualTo("1 miss");
        assertThat(IotlbView.count(3, "miss")).isEqualTo("3 misses");
        assertThat(IotlbView.count(2, "hit")).isEqualTo("2 hits");
    }
}
