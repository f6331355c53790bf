package io.iotdeploy.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class StatisticsTests {

    @Test
    void averageMinMaxAndMedianOfAnOddCount() {
        Statistics s = Statistics.of(List.of(30L, 10L, 20L, 100L, 40L));
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.average()).isEqualTo(40.0);
        assertThat(s.min()).isEqualTo(10);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.median()).isEqualTo(30.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Statistics.of(List.of(4L, 1L, 3L, 2L)).median()).isEqualTo(2.5);
    }

    @Test
    void ratioIsPlatformOverBaselineOfTheMedians() {
        Statistics platform = Statistics.of(List.of(100L, 200L, 300L));
        Statistics baseline = Statistics.of(List.of(400L, 400L, 1000L));
        assertThat(Statistics.ratio(platform, baseline)).isCloseTo(0.5, within(1e-9));
        assertThat(Statistics.ratio(platform, Statistics.of(List.of(0L)))).isNaN();
    }

    @Test
    void noMeasurementsIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> Statistics.of(List.of()));
    }

}
