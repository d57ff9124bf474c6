package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void countsAdjacentSwapsAsOneEdit() {
        assertThat(Suggest.distance("lenght", "length")).isEqualTo(1);
        assertThat(Suggest.distance("", "abc")).isEqualTo(3);
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestsOnlyCloseCandidates() {
        List<String> keys = List.of("ioas", "iova", "length", "prot");
        assertThat(Suggest.closest("lenght", keys)).contains("length");
        assertThat(Suggest.closest("LENGTH", keys)).contains("length");
        assertThat(Suggest.closest("bandwidth", keys)).isEmpty();
        assertThat(Suggest.didYouMean("protx", keys)).isEqualTo("; did you mean 'prot'?");
    }
}
