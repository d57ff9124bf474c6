package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.errno.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two example files of the issue, kept verbatim in {@code src/test/resources/issue-examples/}, load and give the
 * expected model. (The bundled samples of the same names add tour captions to them.)
 */
class SampleTopologiesTest {

    static Path sample(String name) {
        for (Path dir : List.of(Path.of("src", "test", "resources", "issue-examples"),
                Path.of("hardware", "src", "test", "resources", "issue-examples"))) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new AssertionError("cannot find issue-examples/" + name + " from " + Path.of("").toAbsolutePath());
    }

    @Test
    void selftestLoads() throws Exception {
        Topology t = TopologyLoader.load(sample("selftest-128k.yaml"));

        assertThat(t.name()).isEqualTo("iommufd dirty-tracking selftest, 128 KiB");
        assertThat(t.description()).startsWith("Every other 2 KiB page");
        assertThat(t.sourceName()).isEqualTo("selftest-128k.yaml");
        assertThat(t.seed()).isEmpty();
        assertThat(t.iommus()).extracting(IommuSpec::id).containsExactly("mock0", "mock1");
        IommuSpec mock0 = t.iommu("mock0").orElseThrow();
        assertThat(mock0.model()).isEqualTo(IommuSpec.Model.MOCK);
        assertThat(mock0.features()).containsExactly(IommuSpec.Feature.DIRTY_TRACKING);
        assertThat(mock0.smallestPageSize()).isEqualTo(2048);
        assertThat(t.iommu("mock1").orElseThrow().features()).isEmpty();
        assertThat(t.vm().memory()).isEqualTo(64 * Units.MiB);
        assertThat(t.vm().vcpus()).isEqualTo(1);
        assertThat(t.vm().hugepages()).isEqualTo(4096);
        assertThat(t.devices()).extracting(DeviceSpec::id).containsExactly("dev0", "dev1");
        assertThat(t.device("dev1").orElseThrow().iommu()).contains("mock1");
        assertThat(t.migration()).isEmpty();
        assertThat(t.vmmBuildsIommufdObjects()).isFalse();

        List<Step> steps = t.steps();
        assertThat(steps).hasSize(12);
        assertThat(steps).extracting(Step::op).containsExactly("ioas-alloc", "ioas-option", "ioas-map",
                "hwpt-alloc", "attach", "attach", "hwpt-alloc", "get-hw-info", "set-dirty-tracking", "dma",
                "get-dirty-bitmap", "get-dirty-bitmap");
        assertThat(steps.get(0).args()).isEqualTo(new StepArgs.IoasAlloc("ioas0"));
        assertThat(steps.get(0).location()).hasToString("selftest-128k.yaml:11:5");
        assertThat(steps.get(1).args()).isEqualTo(new StepArgs.IoasOption("ioas0", false));
        StepArgs.IoasMap map = (StepArgs.IoasMap) steps.get(2).args();
        assertThat(map.iova()).hasValue(0x1000000);
        assertThat(map.length()).isEqualTo(128 * 1024);
        assertThat(map.prot()).isEqualTo(StepArgs.Prot.RW);
        assertThat(steps.get(3).args()).isEqualTo(new StepArgs.HwptAlloc("hwpt0", "dev0", "ioas0", true, false));
        assertThat(steps.get(5).expectError()).isEqualTo(Errno.EINVAL);
        assertThat(steps.get(5).location()).hasToString("selftest-128k.yaml:16:5");
        assertThat(steps.get(6).expectError()).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(steps.get(7).expect().flag("dirty-tracking")).contains(true);
        assertThat(steps.get(8).args()).isEqualTo(new StepArgs.SetDirtyTracking("hwpt0", true));
        assertThat(steps.get(9).args()).isEqualTo(new StepArgs.Dma("dev0", 0x1000000, 128 * 1024, true, 4096, 8));
        assertThat(((StepArgs.Dma) steps.get(9).args()).accesses()).isEqualTo(32);
        assertThat(steps.get(10).args())
                .isEqualTo(new StepArgs.GetDirtyBitmap("hwpt0", 0x1000000, 128 * 1024, 2048, false));
        assertThat(steps.get(10).expect().number("dirty-bits")).contains(32L);
        assertThat(steps.get(10).expect().locationOf("dirty-bits")).hasToString("selftest-128k.yaml:25:26");
        assertThat(steps.get(11).expect().number("dirty-bits")).contains(0L);
        assertThat(steps).allSatisfy(s -> assertThat(s.narrate()).isNull());
        assertThat(steps).extracting(Step::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void amdNicLoads() throws Exception {
        Topology t = TopologyLoader.load(sample("amd-nic-iommu.yaml"));

        assertThat(t.name()).isEqualTo("AMD host, a NIC under IOMMU dirty tracking");
        assertThat(t.description()).isEmpty();
        IommuSpec amd = t.iommus().get(0);
        assertThat(amd.id()).isEqualTo("amd0");
        assertThat(amd.params()).isEqualTo(new IommuSpec.AmdV1(4));
        assertThat(amd.iotlb()).isEqualTo(new IommuSpec.IotlbSpec(512, 8));
        assertThat(amd.iotlb().sets()).isEqualTo(64);
        assertThat(amd.has(IommuSpec.Feature.DIRTY_TRACKING)).isTrue();
        assertThat(amd.pageSizes()).contains(4096L, 2 * Units.MiB, Units.GiB);

        VmSpec vm = t.vm();
        assertThat(vm.memory()).isEqualTo(4 * Units.GiB);
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.hugepages()).isEqualTo(2 * Units.MiB);
        WorkloadSpec vw = vm.vcpuWorkload().orElseThrow();
        assertThat(vw.rate()).isEqualTo(50 * Units.MiB);
        assertThat(vw.pattern()).isEqualTo(WorkloadSpec.Pattern.RANDOM);
        assertThat(vw.workingSet()).isEqualTo(256 * Units.MiB);
        assertThat(vw.size()).isEqualTo(4096);
        assertThat(vw.readRatio()).isZero();
        assertThat(vm.dirtyLog()).isEqualTo(VmSpec.DirtyLog.BITMAP);

        DeviceSpec nic = t.devices().get(0);
        assertThat(nic.kind()).isEqualTo(DeviceSpec.Kind.NIC);
        assertThat(nic.iommu()).contains("amd0");
        assertThat(nic.migrationFlags()).isEqualTo(Set.of(DeviceSpec.MigrationFlag.STOP_COPY,
                DeviceSpec.MigrationFlag.P2P, DeviceSpec.MigrationFlag.PRE_COPY));
        assertThat(nic.tracker().isNone()).isTrue();
        assertThat(nic.workload().orElseThrow().rate()).isEqualTo(200 * Units.MiB);
        assertThat(nic.workload().orElseThrow().pattern()).isEqualTo(WorkloadSpec.Pattern.RING);
        assertThat(nic.location()).hasToString("amd-nic-iommu.yaml:10:5");

        MigrationSpec m = t.migration().orElseThrow();
        assertThat(m.bandwidth()).isEqualTo(1_250_000_000L);
        assertThat(m.downtimeLimit()).isEqualTo(300_000_000L);
        assertThat(m.maxRounds()).isEqualTo(30);
        assertThat(m.dirtyTracking()).isEqualTo(MigrationSpec.DirtyTracking.AUTO);
        assertThat(m.split()).isEqualTo(MigrationSpec.Split.EAGER);
        assertThat(m.precopyDirtyTracking()).isTrue();

        assertThat(t.vmmBuildsIommufdObjects()).isTrue();
        Step migrate = t.steps().get(0);
        assertThat(migrate.op()).isEqualTo("migrate");
        StepArgs.Migrate args = (StepArgs.Migrate) migrate.args();
        assertThat(args.settings().split()).isEqualTo(MigrationSpec.Split.EAGER);
        assertThat(args.settings().bandwidth()).isEqualTo(m.bandwidth());
        assertThat(migrate.expect().text("result")).contains("completed");
        assertThat(migrate.expect().number("lost-pages")).contains(0L);
        assertThat(migrate.expectError()).isNull();
    }

    @Test
    void loadingFromTextGivesTheSameModelAsFromAFile() throws Exception {
        Path p = sample("amd-nic-iommu.yaml");
        Topology fromFile = TopologyLoader.load(p);
        Topology fromText = TopologyLoader.load("amd-nic-iommu.yaml", Files.readString(p));
        assertThat(fromText).isEqualTo(fromFile);
    }
}
