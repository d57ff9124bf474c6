package io.ioptexplorer.viewmodel.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Where events sit along the timeline strip: every step keeps a readable width beside a migration of millions. */
class StripScaleTest {
    /** The shape of the mlx5 sample run to its end: 30 assembly events, 8 setup steps of 3, a migration of 888 201. */
    private static final long[] SETUP_THEN_MIGRATION = {30, 33, 36, 39, 42, 45, 48, 51, 54};
    private static final long TOTAL = 54 + 888_201;

    @Test
    void eachSetupStepGetsItsEvenShareBesideAMigration() {
        StripScale s = StripScale.of(TOTAL, SETUP_THEN_MIGRATION);
        int segments = 10; // the assembly and nine steps
        double evenShare = StripScale.EVEN_SHARE / segments;
        for (int k = 0; k + 1 < SETUP_THEN_MIGRATION.length; k++) {
            double width = s.fractionOf(SETUP_THEN_MIGRATION[k + 1]) - s.fractionOf(SETUP_THEN_MIGRATION[k]);
            assertThat(width).as("step %d", k + 1).isGreaterThanOrEqualTo(evenShare);
        }
        assertThat(s.fractionOf(SETUP_THEN_MIGRATION[0])).as("the assembly").isGreaterThanOrEqualTo(evenShare);
        // On a straight event scale the migration started at 0.006% of the width; here after nine even shares.
        assertThat(s.fractionOf(SETUP_THEN_MIGRATION[8])).isGreaterThan(0.45).isLessThan(0.46);
        assertThat(s.fractionOf(TOTAL)).isEqualTo(1.0);
    }

    @Test
    void theShortPhasesAfterALongRoundAreWideEnoughToClick() {
        // step 9's round 0 until event 888 200, then stop-and-copy, resume and verification of a few events each
        long[] phases = {0, 54, 888_230, 888_245, 888_251};
        StripScale s = StripScale.of(TOTAL, SETUP_THEN_MIGRATION, phases);
        double evenShare = StripScale.EVEN_SHARE / 13; // the assembly, nine steps, three phases after round 0
        for (int i = 2; i < phases.length; i++) {
            long end = i + 1 < phases.length ? phases[i + 1] : TOTAL;
            assertThat(s.fractionOf(end) - s.fractionOf(phases[i])).as("phase from %d", phases[i])
                    .isGreaterThanOrEqualTo(evenShare);
        }
    }

    @Test
    void stepsOfEqualLengthGiveAStraightEventScale() {
        StripScale s = StripScale.of(400, new long[] {0, 100, 200, 300});
        for (long seq = 0; seq <= 400; seq += 25) {
            assertThat(s.fractionOf(seq)).isCloseTo(seq / 400.0, within(1e-12));
        }
    }

    @Test
    void theEventAtAnEventsOwnPlaceIsThatEvent() {
        long[] steps = {5, 6, 9, 9, 200};
        StripScale s = StripScale.of(1000, steps);
        double last = -1;
        for (long seq = 0; seq < 1000; seq++) {
            double f = s.fractionOf(seq + 0.5);
            assertThat(f).isGreaterThan(last);
            last = f;
            assertThat(s.seqAt(f)).isEqualTo(seq);
        }
        assertThat(s.seqAt(-3)).isZero();
        assertThat(s.seqAt(7)).isEqualTo(999);
    }

    @Test
    void theFirstEventOfABucketIsFoundFromEitherSide() {
        StripScale s = StripScale.of(TOTAL, SETUP_THEN_MIGRATION);
        int buckets = 2048;
        int[] first = new int[buckets + 1];
        java.util.Arrays.fill(first, -1);
        for (long seq = TOTAL - 1; seq >= 0; seq--) {
            first[s.bucketOf(seq, buckets)] = (int) seq; // walking down: the last written is the first of its bucket
        }
        long expected = TOTAL;
        for (int b = buckets - 1; b >= 1; b--) {
            if (first[b] >= 0) {
                expected = first[b];
            }
            assertThat(s.firstSeqFromBucket(b, buckets)).as("bucket %d", b).isEqualTo(expected);
        }
        assertThat(s.firstSeqFromBucket(0, buckets)).isZero();
        assertThat(s.firstSeqFromBucket(buckets, buckets)).isEqualTo(TOTAL);
    }

    @Test
    void stepsNotYetRunTakeNoWidthAndAnEmptyRunIsFlat() {
        StripScale s = StripScale.of(100, new long[] {0, 50, 100, 100});
        assertThat(s.fractionOf(50)).isCloseTo(0.5, within(1e-12));
        assertThat(s.fractionOf(100)).isEqualTo(1.0);
        StripScale empty = StripScale.of(0, new long[] {0, 0});
        assertThat(empty.fractionOf(10)).isZero();
        assertThat(empty.seqAt(0.5)).isZero();
    }
}
