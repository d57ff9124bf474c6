package io.ioptexplorer.hardware.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class DirtySetPropertyTest {

    @Property(tries = 200)
    void behavesLikeASortedSet(@ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1L << 22) Long> a,
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1L << 22) Long> b,
            @ForAll @Size(max = 10) List<@LongRange(min = 0, max = 1L << 22) Long> removed) {
        DirtySet x = new DirtySet();
        DirtySet y = new DirtySet();
        TreeSet<Long> ref = new TreeSet<>();
        for (long f : a) {
            x.addRange(f, f % 7);
            for (long i = 0; i < f % 7; i++) {
                ref.add(f + i);
            }
        }
        for (long f : b) {
            y.add(f);
            ref.add(f);
        }
        x.union(y);
        for (long f : removed) {
            x.remove(f);
            ref.remove(f);
        }
        assertThat(x.cardinality()).isEqualTo(ref.size());
        List<Long> got = new ArrayList<>();
        x.forEachFrame(got::add);
        assertThat(got).containsExactlyElementsOf(ref);
        long first = ref.isEmpty() ? -1 : ref.first();
        assertThat(x.nextFrame(0)).isEqualTo(first);
    }
}
