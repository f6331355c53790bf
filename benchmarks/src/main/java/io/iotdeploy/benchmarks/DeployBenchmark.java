package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.iotdeploy.device.TestGateway;
import io.iotdeploy.device.TestWorld;
import io.iotdeploy.device.testapp.TestApps;

/**
 * The deployment-time benchmark (thesis chapter 6) against a running platform: each scenario through the
 * platform and through the plain Docker CLI, alternating, same machine, registry, device and cache state.
 * {@code ./iotdeploy bench} runs it; see benchmarks/README.md.
 */
public final class DeployBenchmark {

    /** The thesis' application size; random content, so compression does not make it small. */
    static final int APPLICATION_BYTES = 14 * 1024 * 1024;

    private final TestWorld world;

    private final TestGateway gateway;

    private final Options options;

    private final Path work;

    DeployBenchmark(TestWorld world, TestGateway gateway, Options options) throws IOException {
        this.world = world;
        this.gateway = gateway;
        this.options = options;
        this.work = Files.createTempDirectory("iotdeploy-bench");
    }

    /**
     * @param rootfsDir the launcher's cached base root file systems, for scenario 1's fresh bases
     * @param link      each device's link as the launcher shaped it ({@code --link 50mbit}), or "unshaped"
     */
    record Options(int repetitions, List<Scenario> scenarios, int fanOut, Path out, Path rootfsDir, String link) {

        static Options parse(String[] args) {
            int repetitions = 10;
            List<Scenario> scenarios = Arrays.asList(Scenario.values());
            int fanOut = 1;
            String link = "unshaped";
            Path rootfsDir = Path.of(System.getenv().getOrDefault("IOTDEPLOY_CACHE", "/var/cache/iotdeploy"), "rootfs");
            Path out = Path.of("benchmarks/results",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm")));
            for (int i = 0; i < args.length; i++) {
                String value = (i + 1 < args.length) ? args[i + 1] : null;
                switch (args[i]) {
                    case "--reps" -> repetitions = Integer.parseInt(required(args[i], value));
                    case "--scenarios" -> scenarios = Arrays.stream(required(args[i], value).split(","))
                        .map(Scenario::parse).toList();
                    case "--devices" -> fanOut = Integer.parseInt(required(args[i], value));
                    case "--out" -> out = Path.of(required(args[i], value));
                    case "--rootfs" -> rootfsDir = Path.of(required(args[i], value));
                    case "--link" -> link = required(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--reps N, --scenarios 1a,2b,…, --devices N, --link RATE, --out DIR, --rootfs DIR)");
                }
                i++;
            }
            if (repetitions < 1 || fanOut < 1) {
                throw new IllegalArgumentException("--reps and --devices must be at least 1");
            }
            return new Options(repetitions, scenarios, fanOut, out, rootfsDir, link);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        TestWorld world = TestWorld.load();
        String password = System.getenv().getOrDefault("IOTDEPLOY_PASSWORD", System.getenv("IOTDEPLOY_ADMIN_PASSWORD"));
        if (password == null) {
            throw new IllegalStateException("set IOTDEPLOY_PASSWORD (and IOTDEPLOY_USER, default admin) for the gateway");
        }
        TestGateway gateway = TestGateway.at(URI.create(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY",
                "http://127.0.0.1:8080")), System.getenv().getOrDefault("IOTDEPLOY_USER", "admin"), password);
        new DeployBenchmark(world, gateway, options).run();
    }

    void run() throws Exception {
        TestWorld.Device device = this.world.device(0);
        long deviceId = registered(device);
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        PlatformPipeline platform = new PlatformPipeline(this.gateway);
        DockerCliBaseline baseline = new DockerCliBaseline(this.world, this.work);
        // containerization-service keeps the base layers jib pulled here
        Purge purge = new Purge(this.world, Path.of(this.world.stateDir(), "cache", "jib"));
        FreshBase freshBase = new FreshBase(this.world, this.options.rootfsDir());
        List<Measurement> measurements = new ArrayList<>();

        for (Scenario scenario : this.options.scenarios()) {
            String application = "bench_" + scenario.id() + "_" + runId;
            String base = scenario.baseImage();
            Path jar = jar(application + " v0");
            if (!scenario.purgesFirst()) {
                log("scenario %s: first deploy (not measured)", scenario.id());
                platform.deploy(scenario, 0, jar, application, base, device, deviceId);
                baseline.deploy(scenario, 0, jar, application, "v0", base, device);
            }
            for (int rep = 1; rep <= this.options.repetitions(); rep++) {
                if (scenario.purgesFirst()) {
                    application = "bench_" + scenario.id() + "_" + runId + "_r" + rep;
                    jar = jar(application);
                }
                else if (scenario.changesApplication()) {
                    jar = jar(application + " v" + rep);
                }
                String tag = scenario.changesApplication() || scenario.purgesFirst() ? "v" + rep : "v0";
                boolean platformFirst = rep % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    boolean platformTurn = platformFirst == (turn == 0);
                    if (scenario.purgesFirst()) {
                        purge.all(device);
                        base = freshBase.create(scenario, runId + "-" + rep + (platformTurn ? "p" : "c"));
                    }
                    Measurement m = platformTurn ? platform.deploy(scenario, rep, jar, application, base, device, deviceId)
                            : baseline.deploy(scenario, rep, jar, application, tag, base, device);
                    log("scenario %s rep %d %-10s %s", scenario.id(), rep, m.pipeline(), m.millis());
                    measurements.add(m);
                }
            }
        }

        Map<String, Object> machine = machine(device);
        machine.put("deviceLink", this.options.link());
        Map<String, Map<Integer, Long>> fanOutMillis = new LinkedHashMap<>();
        if (this.options.fanOut() > 1) {
            Map<String, Object> fanOut = fanOut(platform, runId, fanOutMillis, freshBase);
            machine.put("fanOut", fanOut);
        }
        Report report = new Report(measurements, machine);
        Files.createDirectories(this.options.out());
        String table = report.table();
        System.out.println(table);
        Files.writeString(this.options.out().resolve("table.txt"), table);
        report.writeJson(this.options.out().resolve("results.json"));
        report.writeCsv(this.options.out().resolve("results.csv"));
        Charts.write(report, this.options.out());
        if (!fanOutMillis.isEmpty()) {
            Charts.fanOut(fanOutMillis, this.options.out());
        }
        log("results in %s", this.options.out().toAbsolutePath());
    }

    /**
     * One release to 1, 2, 5, … N devices through the fleet path (one upload with tags, one build, the devices
     * pulling at once), each a changed application on a cached base (3a) and, when 1a is among the scenarios, a new
     * application on a base no device has (1a: each device pulls the base too); against 3a's, the old way for N: N
     * uploads to N devices at once. With the machine's CPU use over each, since ten engines unpacking on two cores
     * are CPU-bound.
     *
     * @param series filled with the milliseconds per number of devices, per scenario
     */
    private Map<String, Object> fanOut(PlatformPipeline platform, String runId, Map<String, Map<Integer, Long>> series,
            FreshBase freshBase) throws Exception {
        int n = Math.min(this.options.fanOut(), this.world.devices().size());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(registered(this.world.device(i)));
        }
        java.util.SortedSet<Integer> sizes = new java.util.TreeSet<>(List.of(1, 2, 5, 10));
        sizes.removeIf((size) -> size > n);
        sizes.add(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (int size : sizes) {
                if (i < size) {
                    tags.put("fan" + size, "yes");
                }
            }
            TestGateway.Response tagged = this.gateway.send(this.gateway.request("/api/devices/" + ids.get(i) + "/tags")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(TestGateway.json.writeValueAsString(tags)))
                .build());
            if (tagged.status() != 200) {
                throw new IllegalStateException("cannot tag device " + this.world.device(i).name() + ": " + tagged);
            }
        }
        String application = "bench_fleet_" + runId;
        // the first release puts the application on the devices' engines and the base in their caches
        platform.deployToTags(jar("fan-out warm-up " + runId), application, Scenario.S3A.baseImage(), "fan" + n + "=yes");
        Map<Integer, Long> fleet = new java.util.TreeMap<>();
        Map<Integer, Double> cpu = new java.util.TreeMap<>();
        for (int size : sizes) {
            Path release = jar("fan-out " + size + " " + runId);
            long[] before = cpuTimes();
            fleet.put(size, platform.deployToTags(release, application, Scenario.S3A.baseImage(), "fan" + size + "=yes"));
            cpu.put(size, busy(before, cpuTimes()));
        }
        long single = fleet.get(1);
        fleet.forEach((size, millis) -> log("fan-out (one upload to tags): %d device(s) %d ms (%.2f× one device), "
                + "CPU %.0f %% busy", size, millis, (double) millis / single, 100 * cpu.get(size)));

        series.put(Scenario.S3A.id(), fleet);
        Map<Integer, Long> fresh = new java.util.TreeMap<>();
        Map<Integer, Double> freshCpu = new java.util.TreeMap<>();
        if (this.options.scenarios().contains(Scenario.S1A)) {
            for (int size : sizes) {
                // a base that neither the registry nor any device has seen, and an application new to all of them
                String base = freshBase.create(Scenario.S1A, runId + "-fan" + size);
                long[] before = cpuTimes();
                fresh.put(size, platform.deployToTags(jar("fan-out 1a " + size + " " + runId),
                        "bench_fleet1a_" + runId + "_" + size, base, "fan" + size + "=yes"));
                freshCpu.put(size, busy(before, cpuTimes()));
            }
            long first = fresh.get(1);
            fresh.forEach((size, millis) -> log("fan-out 1a (new application, new base): %d device(s) %d ms "
                    + "(%.2f× one device), CPU %.0f %% busy", size, millis, (double) millis / first,
                    100 * freshCpu.get(size)));
            series.put(Scenario.S1A.id(), fresh);
        }

        // roll back: every device has run the last two releases, so going back to the previous one pulls nothing
        int last = platform.deployToTagsRelease(jar("fan-out last " + runId), application, Scenario.S3A.baseImage(),
                "fan" + n + "=yes");
        long rollbackOne = platform.rollBack(application, last - 1, "fan1=yes");
        platform.rollBack(application, last, "fan1=yes");
        long rollbackAll = platform.rollBack(application, last - 1, "fan" + n + "=yes");
        log("roll back to the previous release: 1 device %d ms, %d devices %d ms (%.2f×)", rollbackOne, n,
                rollbackAll, (double) rollbackAll / rollbackOne);

        // the old way: one upload per device, all at once
        Path release = jar("fan-out uploads " + runId);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long start;
        long[] before = cpuTimes();
        try {
            start = System.nanoTime();
            List<Future<Measurement>> deploys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TestWorld.Device device = this.world.device(i);
                long id = ids.get(i);
                deploys.add(pool.submit(() -> platform.deploy(Scenario.S3A, 1, release, "bench_fan_" + runId,
                        Scenario.S3A.baseImage(), device, id)));
            }
            for (Future<Measurement> deploy : deploys) {
                deploy.get();
            }
        }
        finally {
            pool.shutdown();
        }
        long uploads = (System.nanoTime() - start) / 1_000_000;
        double uploadsCpu = busy(before, cpuTimes());
        log("fan-out (one upload per device, at once): %d devices %d ms (%.2f× the fleet path's one device)", n,
                uploads, (double) uploads / single);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("devices", n);
        result.put("scenario", Scenario.S3A.id());
        result.put("fleetMillis", fleet);
        Map<Integer, Double> ratios = new java.util.TreeMap<>();
        fleet.forEach((size, millis) -> ratios.put(size, (double) millis / single));
        result.put("fleetRatio", ratios);
        result.put("fleetCpuBusy", cpu);
        if (!fresh.isEmpty()) {
            Map<Integer, Double> freshRatios = new java.util.TreeMap<>();
            fresh.forEach((size, millis) -> freshRatios.put(size, (double) millis / fresh.get(1)));
            result.put("newBaseFleetMillis", fresh);
            result.put("newBaseFleetRatio", freshRatios);
            result.put("newBaseFleetCpuBusy", freshCpu);
        }
        result.put("uploadPerDeviceMillis", uploads);
        result.put("uploadPerDeviceRatio", (double) uploads / single);
        result.put("uploadPerDeviceCpuBusy", uploadsCpu);
        result.put("rollBackOneDeviceMillis", rollbackOne);
        result.put("rollBackAllDevicesMillis", rollbackAll);
        result.put("rollBackRatio", (double) rollbackAll / rollbackOne);
        return result;
    }

    /** The machine's CPU times so far (/proc/stat's first line: user, nice, system, idle, iowait, …), in ticks. */
    private static long[] cpuTimes() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] times = new long[fields.length - 1];
        for (int i = 1; i < fields.length; i++) {
            times[i - 1] = Long.parseLong(fields[i]);
        }
        return times;
    }

    /** The share of the machine's CPU time between the two readings that was not idle (idle and iowait). */
    private static double busy(long[] before, long[] after) {
        long total = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long delta = after[i] - before[i];
            total += delta;
            if (i == 3 || i == 4) {
                idle += delta;
            }
        }
        return (total > 0) ? 1.0 - (double) idle / total : 0;
    }

    private long registered(TestWorld.Device device) throws IOException, InterruptedException {
        TestGateway.Response response = this.gateway.post("/api/devices",
                Map.of("address", device.address(), "port", device.apiPort()));
        if (response.status() == 201) {
            return response.json().get("id").asLong();
        }
        TestGateway.Response found = this.gateway.get("/api/devices?address=" + device.address());
        if (found.status() != 200 || found.json().isEmpty()) {
            throw new IllegalStateException("cannot register device " + device.name() + ": " + response);
        }
        return found.json().get(0).get("id").asLong();
    }

    private Path jar(String greeting) throws IOException {
        return TestApps.helloServerJar(this.work, greeting, APPLICATION_BYTES);
    }

    private Map<String, Object> machine(TestWorld.Device device) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", LocalDateTime.now().toString());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("device", device.name() + " " + device.dockerHost());
        machine.put("repetitions", this.options.repetitions());
        return machine;
    }

    private static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(format, args));
    }

}
