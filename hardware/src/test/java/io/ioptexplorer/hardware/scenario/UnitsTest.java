package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.scenario.Units.UnitFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "4096, 4096", "0x1000000, 16777216", "0X10, 16", "0x1_0000, 65536", "1_048_576, 1048576",
        "2KiB, 2048", "4MiB, 4194304", "1GiB, 1073741824", "1TiB, 1099511627776", "1PiB, 1125899906842624",
        "1.5KiB, 1536", "'2 KiB', 2048", "1.5 GiB, 1610612736", "7EiB, 8070450532247928832", "3B, 3",
        "1KB, 1000", "4MB, 4000000", "1GB, 1000000000", "1TB, 1000000000000", "8.0, 8", "+4KiB, 4096",
        "0x7fffffffffffffff, 9223372036854775807"
    })
    void parsesSizes(String text, long bytes) {
        assertThat(Units.parseSize(text)).isEqualTo(bytes);
    }

    @Test
    void rejectsBadSizesWithAClearMessage() {
        assertThatThrownBy(() -> Units.parseSize("-4KiB")).isInstanceOf(UnitFormatException.class)
                .hasMessage("'-4KiB' is negative; a size must be 0 or more");
        assertThatThrownBy(() -> Units.parseSize("0.3KiB"))
                .hasMessage("'0.3KiB' is 307.2 bytes, not a whole number of bytes");
        assertThatThrownBy(() -> Units.parseSize("1.5"))
                .hasMessage("'1.5' is not a whole number of bytes");
        assertThatThrownBy(() -> Units.parseSize("8EiB"))
                .hasMessage("'8EiB' is too large for a size (the largest is 9223372036854775807, just under 8 EiB)");
        assertThatThrownBy(() -> Units.parseSize("0x8000000000000000"))
                .hasMessageStartingWith("'0x8000000000000000' is too large for a size");
        assertThatThrownBy(() -> Units.parseSize("99999999999999999999"))
                .hasMessageStartingWith("'99999999999999999999' is too large for a size");
        assertThatThrownBy(() -> Units.parseSize("4Mib"))
                .hasMessage("unknown size unit 'Mib' in '4Mib'; did you mean 'MiB'? (units: B, KiB, MiB, GiB, TiB,"
                        + " PiB, EiB, KB, MB, GB, TB, PB)");
        assertThatThrownBy(() -> Units.parseSize("4K"))
                .hasMessageContaining("'K' is ambiguous: write KiB for powers of 1024 or KB for powers of 1000");
        assertThatThrownBy(() -> Units.parseSize("")).hasMessage("empty value; expected a size");
        assertThatThrownBy(() -> Units.parseSize("lots"))
                .hasMessage("'lots' is not a size; write bytes as 4096 or 0x1000, or with a unit such as 4KiB, 2MiB"
                        + " or 1GiB");
        assertThatThrownBy(() -> Units.parseSize("0xfg")).isInstanceOf(UnitFormatException.class);
        assertThatThrownBy(() -> Units.parseSize("1e9")).hasMessageStartingWith("unknown size unit 'e9'");
    }

    @ParameterizedTest
    @CsvSource({
        "10Gbit/s, 1250000000", "200MiB/s, 209715200", "1GB/s, 1000000000", "100bytes/s, 100", "100B/s, 100",
        "'10 Gbit/s', 1250000000", "1Kbit/s, 125", "8bit/s, 1", "2.5Gbit/s, 312500000", "0MiB/s, 0"
    })
    void parsesRates(String text, long bytesPerSecond) {
        assertThat(Units.parseRate(text)).isEqualTo(bytesPerSecond);
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> Units.parseRate("200"))
                .hasMessage("'200' needs a unit; write a rate such as 200MiB/s or 10Gbit/s");
        assertThatThrownBy(() -> Units.parseRate("10Gbit"))
                .hasMessage("'10Gbit' is not a rate; write it as a number, a unit and /s, such as 200MiB/s, 1GB/s or"
                        + " 10Gbit/s");
        assertThatThrownBy(() -> Units.parseRate("1bit/s"))
                .hasMessage("'1bit/s' is 0.125 bytes/s, not a whole number of bytes per second");
        assertThatThrownBy(() -> Units.parseRate("10Gbps/s")).hasMessageStartingWith("unknown rate unit 'Gbps/s' in '10Gbps/s'; did you mean 'Gbit/s'?");
        assertThatThrownBy(() -> Units.parseRate("10gbit/s"))
                .hasMessageContaining("did you mean 'Gbit/s'?");
        assertThatThrownBy(() -> Units.parseRate("-1MiB/s")).hasMessageContaining("is negative");
    }

    @ParameterizedTest
    @CsvSource({
        "300ms, 300000000", "2s, 2000000000", "50us, 50000", "10ns, 10", "1.5ms, 1500000", "2min, 120000000000",
        "'300 ms', 300000000", "0s, 0"
    })
    void parsesTimes(String text, long nanos) {
        assertThat(Units.parseTime(text)).isEqualTo(nanos);
    }

    @Test
    void parsesMicrosecondsWithTheMicroSign() {
        assertThat(Units.parseTime("5\u00b5s")).isEqualTo(5000);
    }

    @Test
    void rejectsBadTimes() {
        assertThatThrownBy(() -> Units.parseTime("300"))
                .hasMessage("'300' needs a unit; write a time such as 300ms, 2s, 50us or 10ns");
        assertThatThrownBy(() -> Units.parseTime("1.5ns")).hasMessage("'1.5ns' is not a whole number of nanoseconds");
        assertThatThrownBy(() -> Units.parseTime("3sec"))
                .hasMessage("unknown time unit 'sec' in '3sec'; did you mean 's'? (units: ns, us, \u00b5s, ms, s, min)");
        assertThatThrownBy(() -> Units.parseTime("0x10ms")).isInstanceOf(UnitFormatException.class);
        assertThatThrownBy(() -> Units.parseTime("9999999999999s")).hasMessageContaining("too large");
    }

    @Test
    void parsesIntegers() {
        assertThat(Units.parseInteger("42")).isEqualTo(42);
        assertThat(Units.parseInteger("0x2a")).isEqualTo(42);
        assertThatThrownBy(() -> Units.parseInteger("4KiB"))
                .hasMessage("'4KiB' is not an integer; write a whole number such as 4 or 0x10");
        assertThatThrownBy(() -> Units.parseInteger("1.0")).isInstanceOf(UnitFormatException.class);
    }

    @Test
    void formatsForReports() {
        assertThat(Units.formatSize(2048)).isEqualTo("2 KiB");
        assertThat(Units.formatSize(1610612736L)).isEqualTo("1.5 GiB");
        assertThat(Units.formatSize(0)).isEqualTo("0 B");
        assertThat(Units.formatSize(1023)).isEqualTo("1023 B");
        assertThat(Units.formatSize(1000)).isEqualTo("1000 B");
        assertThat(Units.formatSize(Long.MAX_VALUE)).isEqualTo("8 EiB");
        assertThat(Units.formatSize(1365)).isEqualTo("1.33 KiB");
        assertThat(Units.formatRate(209715200)).isEqualTo("200 MiB/s");
        assertThat(Units.formatBitRate(1_250_000_000L)).isEqualTo("10 Gbit/s");
        assertThat(Units.formatTime(300_000_000L)).isEqualTo("300 ms");
        assertThat(Units.formatTime(2_000_000_000L)).isEqualTo("2 s");
        assertThat(Units.formatTime(1_500_000L)).isEqualTo("1.5 ms");
        assertThat(Units.formatTime(10)).isEqualTo("10 ns");
    }

    @Test
    void formattedSizesParseBack() {
        for (long v : new long[] {2048, 1536, 4 * Units.MiB, 3 * Units.GiB / 2, 7}) {
            assertThat(Units.parseSize(Units.formatSize(v))).isEqualTo(v);
        }
    }

    @Test
    void iovasAreUnsigned64Bit() {
        assertThat(Units.parseIova("0xfffffffffffff000")).isEqualTo(-4096L);
        assertThat(Units.parseIova("0xffffffffffffffff")).isEqualTo(-1L);
        assertThat(Units.parseIova("18446744073709547520")).isEqualTo(-4096L);
        assertThat(Units.parseIova("8EiB")).isEqualTo(Long.MIN_VALUE);
        assertThat(Units.parseIova("1GiB")).isEqualTo(1L << 30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Units.parseIova("0x10000000000000000"))
                .hasMessageContaining("too large for an IOVA (the largest is 0xffffffffffffffff)");
        // Sizes stay sizes.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Units.parseSize("0xfffffffffffff000"))
                .hasMessageContaining("too large");
    }
}
