package dev.promotiond.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.testing.RunningDemo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The service files under daemon/deploy/, checked without systemd or a cluster: the systemd unit by
 * its sections and keys (and by {@code systemd-analyze verify} where that binary exists), the
 * Kubernetes manifests by their structure, their cross-references and the daemon they describe.
 */
class DeployFilesTest {
    static final Path DEPLOY = KitValidationTest.REPO.resolve("daemon/deploy");
    static final Path K8S = DEPLOY.resolve("kubernetes");
    static final String JAR = "/opt/promotiond/promotiond.jar"; // where the unit and the image put it

    // ---- systemd

    @Test
    void systemdUnitRunsTheJarHardenedAndReloadsOnSighup() throws IOException {
        Map<String, Map<String, List<String>>> unit = unit(DEPLOY.resolve("promotiond.service"));
        assertThat(unit).containsOnlyKeys("Unit", "Service", "Install");
        Map<String, List<String>> service = unit.get("Service");
        assertThat(one(service, "ExecStart")).startsWith("/usr/bin/java ")
                .contains(" -jar " + JAR + " run ").contains("--config /etc/promotiond/promotiond.yaml");
        assertThat(one(service, "ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID"); // the daemon reloads its rules
        assertThat(one(service, "Restart")).isEqualTo("on-failure");
        assertThat(one(service, "DynamicUser")).isEqualTo("yes");
        assertThat(one(service, "StateDirectory")).isEqualTo("promotiond");
        assertThat(one(service, "WorkingDirectory")).isEqualTo("/var/lib/promotiond");
        assertThat(one(service, "ProtectSystem")).isEqualTo("strict");
        assertThat(one(service, "NoNewPrivileges")).isEqualTo("yes");
        assertThat(one(service, "SuccessExitStatus")).isEqualTo("143"); // the JVM's status after SIGTERM
        assertThat(one(unit.get("Install"), "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWhereItIsInstalled() throws Exception {
        Optional<Path> analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (analyze.isEmpty()) {
            return; // not part of this machine: the structural test above still ran
        }
        Process p = new ProcessBuilder(analyze.get().toString(), "verify", DEPLOY.resolve("promotiond.service").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("warnings about promotiond.service").doesNotContain("promotiond.service:");
    }

    /** Sections → key → values, in the unit file syntax (comments, continuation lines not used here). */
    static Map<String, Map<String, List<String>>> unit(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            assertThat(t).as("%s:%d continues a line", file, n).doesNotEndWith("\\");
            if (t.startsWith("[")) {
                assertThat(t).as("%s:%d", file, n).endsWith("]");
                current = sections.computeIfAbsent(t.substring(1, t.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            assertThat(current).as("%s:%d outside a section", file, n).isNotNull();
            int eq = t.indexOf('=');
            assertThat(eq).as("%s:%d is not KEY=VALUE", file, n).isPositive();
            current.computeIfAbsent(t.substring(0, eq).strip(), k -> new ArrayList<>()).add(t.substring(eq + 1).strip());
        }
        return sections;
    }

    private static String one(Map<String, List<String>> section, String key) {
        assertThat(section).containsKey(key);
        assertThat(section.get(key)).as(key).hasSize(1);
        return section.get(key).get(0);
    }

    // ---- Kubernetes

    @Test
    void everyManifestIsAKubernetesObject() throws IOException {
        List<Map<String, Object>> docs = manifests();
        assertThat(docs).extracting(d -> d.get("kind")).containsExactlyInAnyOrder(
                "ConfigMap", "ConfigMap", "Deployment", "Service", "ServiceMonitor", "PrometheusRule");
        for (Map<String, Object> d : docs) {
            assertThat(d.get("apiVersion")).as("%s", d.get("kind")).isIn("v1", "apps/v1", "monitoring.coreos.com/v1");
            assertThat(map(d, "metadata").get("name")).as("name of a %s", d.get("kind")).isInstanceOf(String.class);
            assertThat(map(map(d, "metadata"), "labels")).containsEntry("app.kubernetes.io/name", "promotiond");
        }
    }

    @Test
    void selectorsPortsAndVolumesFitTogether() throws IOException {
        Map<String, Object> deployment = kind("Deployment");
        Map<String, Object> spec = map(deployment, "spec");
        assertThat(spec.get("replicas")).as("an HA pair").isEqualTo(2);
        Map<String, Object> pod = map(spec, "template");
        Map<String, Object> podLabels = map(map(pod, "metadata"), "labels");
        assertThat(podLabels).containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));

        Map<String, Object> service = kind("Service");
        assertThat(podLabels).as("the Service selects the pods").containsAllEntriesOf(map(map(service, "spec"), "selector"));
        assertThat(map(map(service, "metadata"), "labels"))
                .as("the ServiceMonitor selects the Service")
                .containsAllEntriesOf(map(map(map(kind("ServiceMonitor"), "spec"), "selector"), "matchLabels"));

        Map<String, Object> container = list(map(pod, "spec"), "containers").get(0);
        Map<String, Object> port = list(container, "ports").get(0);
        int listenPort = listenPort();
        assertThat(port.get("containerPort")).as("the config's listen port").isEqualTo(listenPort);
        Map<String, Object> servicePort = list(map(service, "spec"), "ports").get(0);
        assertThat(servicePort.get("targetPort")).isEqualTo(port.get("name"));
        assertThat(list(map(kind("ServiceMonitor"), "spec"), "endpoints").get(0))
                .containsEntry("port", servicePort.get("name")).containsEntry("path", "/metrics");
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/readyz")
                .containsEntry("port", port.get("name"));
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/healthz")
                .containsEntry("port", port.get("name"));
        assertThat(map(container, "resources")).containsKeys("requests", "limits");

        Map<String, Object> podSecurity = map(map(pod, "spec"), "securityContext");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);

        // every mounted volume is declared; the ConfigMaps and Secret it names are the ones the config reads
        List<Map<String, Object>> volumes = list(map(pod, "spec"), "volumes");
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        volumes.forEach(v -> byName.put((String) v.get("name"), v));
        for (Map<String, Object> m : list(container, "volumeMounts")) {
            assertThat(byName).as("volume of mount %s", m.get("mountPath")).containsKey((String) m.get("name"));
        }
        assertThat(map(byName.get("config"), "configMap")).containsEntry("name", name(kindNamed("promotiond-config")));
        assertThat(map(byName.get("rules"), "configMap")).containsEntry("name", name(kindNamed("promotiond-rules")));
        String config = (String) map(kindNamed("promotiond-config"), "data").get("promotiond.yaml");
        assertThat(config).contains("rules: /etc/promotiond/rules")
                .contains("password_file: /run/secrets/postgres/password").contains("store: postgres://");
        assertThat(list(container, "volumeMounts")).anySatisfy(m -> assertThat(m)
                .containsEntry("name", "postgres").containsEntry("mountPath", "/run/secrets/postgres"));
        assertThat(map(byName.get("postgres"), "secret")).containsKey("secretName");
    }

    @Test
    void theProbesPathsAnswerOnARunningDaemon(@TempDir Path dir) throws Exception {
        Map<String, Object> container = list(map(map(map(kind("Deployment"), "spec"), "template"), "spec"),
                "containers").get(0);
        try (RunningDemo running = RunningDemo.start(dir)) {
            String base = "http://127.0.0.1:" + running.daemon().port();
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                String path = (String) map(map(container, probe), "httpGet").get("path");
                assertThat(dev.promotiond.testing.LocalProcesses.status(URI.create(base + path)))
                        .as("%s %s", probe, path).isEqualTo(200);
            }
        }
    }

    @Test
    void thePrometheusRuleCarriesTheRepositorysAlertRules() throws IOException {
        Map<String, Object> alerts = new Yaml().load(Files.readString(KitValidationTest.REPO.resolve("prometheus/alerts.yml")));
        assertThat(map(kind("PrometheusRule"), "spec").get("groups"))
                .as("prometheusrule.yaml is stale: run daemon/deploy/kubernetes/generate.py")
                .isEqualTo(alerts.get("groups"));
    }

    @Test
    void theRulesConfigMapCarriesTheRepositorysRules() throws IOException {
        Map<String, Object> data = map(kindNamed("promotiond-rules"), "data");
        Map<String, Object> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(KitValidationTest.REPO.resolve("rules"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertThat(new TreeMap<>(data)).as("rules-configmap.yaml is stale: run daemon/deploy/kubernetes/generate.py")
                .isEqualTo(files);
    }

    @Test
    void theConfigMapsConfigLoadsWithThePodsFilesInPlace(@TempDir Path dir) throws Exception {
        String config = (String) map(kindNamed("promotiond-config"), "data").get("promotiond.yaml");
        // the pod's mounts, here: the rules ConfigMap's folder and the Secret's file
        Path secret = Files.writeString(dir.resolve("password"), "secret\n");
        Path file = Files.writeString(dir.resolve("promotiond.yaml"), config
                .replace("/etc/promotiond/rules", KitValidationTest.REPO.resolve("rules").toString())
                .replace("/run/secrets/postgres/password", secret.toString()));
        dev.promotiond.config.DaemonConfig loaded = dev.promotiond.config.ConfigLoader.load(file);
        assertThat(loaded.listenPort()).isEqualTo(listenPort());
        assertThat(loaded.components()).isNotEmpty();
    }

    private static int listenPort() {
        String config = (String) map(kindNamed("promotiond-config"), "data").get("promotiond.yaml");
        Map<String, Object> parsed = new Yaml().load(config);
        String listen = (String) parsed.get("listen");
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> s = Files.list(K8S)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        assertThat(doc).as("%s", f).isInstanceOf(Map.class);
                        docs.add(cast(doc));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return docs;
    }

    private static Map<String, Object> kind(String kind) {
        List<Map<String, Object>> found = manifests().stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("one %s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> kindNamed(String name) {
        return manifests().stream().filter(d -> name.equals(map(d, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no manifest named " + name));
    }

    private static String name(Map<String, Object> doc) {
        return (String) map(doc, "metadata").get("name");
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m.get(key)).as(key).isInstanceOf(Map.class);
        return cast(m.get(key));
    }

    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        assertThat(m.get(key)).as(key).isInstanceOf(List.class);
        return cast(m.get(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
