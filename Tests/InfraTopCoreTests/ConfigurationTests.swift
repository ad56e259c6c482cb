import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

@Suite struct EndpointTests {
    @Test(arguments: [
        ("kafka-client:9092", "kafka-client", 9092),
        ("[::1]:2181", "::1", 2181),
        (" redis:6379 ", "redis", 6379),
    ])
    func parsesHostAndPort(text: String, host: String, port: Int) throws {
        let endpoint = try Endpoint(parsing: text)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test func usesTheDefaultPortForABareHost() throws {
        #expect(try Endpoint(parsing: "zookeeper", defaultPort: 2181) == Endpoint(host: "zookeeper", port: 2181))
        #expect(try Endpoint(parsing: "[::1]:2181").description == "[::1]:2181")
    }

    @Test(arguments: [
        ("kafka:0", "\"kafka:0\" has no valid port: use a number from 1 to 65535"),
        ("kafka:99999", "\"kafka:99999\" has no valid port: use a number from 1 to 65535"),
        ("kafka:abc", "\"kafka:abc\" has no valid port: use a number from 1 to 65535"),
        ("kafka", "\"kafka\" has no port: write HOST:PORT"),
        (":9092", "\":9092\" is not HOST:PORT"),
        ("[::1:9092", "\"[::1:9092\" is not HOST:PORT: an IPv6 address needs a closing ]"),
    ])
    func rejectsWhatIsNotHostAndPort(text: String, message: String) {
        #expect(throws: ConfigurationError(message)) { try Endpoint(parsing: text) }
    }

    @Test func parsesAList() throws {
        let list = try Endpoint.parseList("kafka-0:9092, kafka-1", defaultPort: 9092)
        #expect(list.map(\.description) == ["kafka-0:9092", "kafka-1:9092"])
        #expect(throws: ConfigurationError("no address given: write HOST:PORT[,HOST:PORT...]")) { try Endpoint.parseList(" , ") }
    }
}

@Suite struct ConfigurationFileTests {
    @Test func readsEveryKey() throws {
        let text = """
        namespace: shop
        context: lab
        kubeconfig: /tmp/kc
        refresh: 5
        theme: nord
        kafka:
          bootstrap: [kafka-0:9092, kafka-1]
          firstBrokerId: 1
          groups: [order-service, saga-coordinator]
        zookeeper: zk:2182
        redis:
          url: redis://cache:6380
          passwordFile: /run/secrets/redis
        logFile: /tmp/infratop.log
        """
        let config = try ConfigurationFile.parse(text, file: "config.yaml")
        #expect(config.namespace == "shop")
        #expect(config.context == "lab")
        #expect(config.kubeconfig == "/tmp/kc")
        #expect(config.refreshInterval == 5)
        #expect(config.theme == "nord")
        #expect(config.kafkaBootstrap?.map(\.description) == ["kafka-0:9092", "kafka-1:9092"])
        #expect(config.kafkaFirstBrokerID == 1)
        #expect(config.kafkaGroups == ["order-service", "saga-coordinator"])
        #expect(config.zookeeper == Endpoint(host: "zk", port: 2182))
        #expect(config.redisURL == "redis://cache:6380")
        #expect(config.redisPasswordFile == "/run/secrets/redis")
        #expect(config.logFile == "/tmp/infratop.log")
    }

    @Test func logsMaxLinesSetsTheScrollback() throws {
        #expect(try ConfigurationFile.parse("logs:\n  maxLines: 2500\n", file: "c.yaml").logMaxLines == 2500)
    }

    @Test func anEmptyFileSetsNothing() throws {
        #expect(try ConfigurationFile.parse("", file: "c.yaml") == ConfigurationFile())
    }

    @Test(arguments: [
        ("namespace: a\nrefrsh: 2\n", "c.yaml:2: refrsh: unknown key (known: components, context, kafka, kubeconfig, logFile, logs, mongodb, namespace, reach, redis, refresh, theme, zookeeper)"),
        ("redis:\n  url: redis://r:1\n  password: hunter2\n", "c.yaml:3: redis.password: unknown key (known: passwordFile, url)"),
        ("refresh: soon\n", "c.yaml:1: refresh: expected a number"),
        ("refresh: 0.01\n", "c.yaml:1: refresh: must be between 0.2 and 3600 seconds"),
        ("reach: tunnel\n", "c.yaml:1: reach: must be auto, direct or api"),
        ("namespace: [a, b]\n", "c.yaml:1: namespace: expected a string"),
        ("kafka:\n  bootstrap: [kafka:0]\n", "c.yaml:2: kafka.bootstrap: \"kafka:0\" has no valid port: use a number from 1 to 65535"),
        ("zookeeper: zk:x\n", "c.yaml:1: zookeeper: \"zk:x\" has no valid port: use a number from 1 to 65535"),
        ("- a\n- b\n", "c.yaml:1: the file must be a mapping of keys to values"),
        ("kafka: 3\n", "c.yaml:1: kafka must be a mapping of keys to values"),
        ("kafka:\n  firstBrokerID: 1\n", "c.yaml:2: kafka.firstBrokerID: unknown key (known: addressTemplate, bootstrap, firstBrokerId, groups)"),
        ("kafka:\n  firstBrokerId: -1\n", "c.yaml:2: kafka.firstBrokerId: must be a whole number from 0 to 1000000"),
        ("kafka:\n  firstBrokerId: 1.5\n", "c.yaml:2: kafka.firstBrokerId: must be a whole number from 0 to 1000000"),
        ("kafka:\n  firstBrokerId: one\n", "c.yaml:2: kafka.firstBrokerId: expected a number"),
        ("kafka:\n  groups: {a: b}\n", "c.yaml:2: kafka.groups: expected a list of strings"),
        ("kafka:\n  groups: [a, '']\n", "c.yaml:2: kafka.groups: a group name cannot be empty"),
        ("logs:\n  maxLines: 12\n", "c.yaml:2: logs.maxLines: must be a whole number of lines between 100 and 1000000"),
        ("logs:\n  maxlines: 500\n", "c.yaml:2: logs.maxlines: unknown key (known: maxLines)"),
    ])
    func rejectsBadInputWithFileLineAndKey(text: String, message: String) {
        #expect(throws: ConfigurationError(message)) { try ConfigurationFile.parse(text, file: "c.yaml") }
    }

    @Test func invalidYAMLNamesTheLine() {
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("a: [1, 2\nb: 3\n", file: "c.yaml") }
        do {
            _ = try ConfigurationFile.parse("a: [1, 2\nb: 3\n", file: "c.yaml")
        } catch {
            #expect(error.message.hasPrefix("c.yaml: not valid YAML: line "))
        }
    }

    @Test func aMissingDefaultFileIsFineButAMissingChosenOneIsNot() throws {
        #expect(try ConfigurationFile.load(path: "/nonexistent/infratop.yaml", required: false) == ConfigurationFile())
        #expect(throws: ConfigurationError("/nonexistent/infratop.yaml: no such config file")) {
            try ConfigurationFile.load(path: "/nonexistent/infratop.yaml", required: true)
        }
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(Configuration.defaultFilePath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/infratop/config.yaml")
        #expect(Configuration.defaultFilePath(environment: ["HOME": "/h"]) == "/h/.config/infratop/config.yaml")
    }
}

@Suite struct SecretTests {
    @Test func neverShowsItself() throws {
        let secret = Secret("e-commerce-saga-redis-pass")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("e-commerce"))
        #expect(secret.revealed == "e-commerce-saga-redis-pass")
    }

    @Test func readsAPasswordFileWithoutItsNewline() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try Configuration.readSecret(file: file.path).revealed == "s3cret")
        try "".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError("\(file.path): the password file is empty")) { try Configuration.readSecret(file: file.path) }
    }
}

@Suite struct ComponentConfigurationTests {
    @Test func componentsAreChosenByNameOrByLabel() throws {
        let text = """
        components:
          - name: kafka
            role: infrastructure
            kind: StatefulSet
            workload: kafka
          - name: orders
            labels: { app.kubernetes.io/name: order-service }
        """
        let components = try #require(try ConfigurationFile.parse(text, file: "c.yaml").components)
        #expect(components == [
            Component(name: "kafka", role: .infrastructure, workloadKind: .statefulSet, workloadName: "kafka"),
            Component(name: "orders", role: .service, workloadKind: .deployment, workloadName: "orders", workloadLabels: ["app.kubernetes.io/name": "order-service"]),
        ])
        #expect(components[1].matches(name: "order-service-v2", labels: ["app.kubernetes.io/name": "order-service", "tier": "api"]))
        #expect(!components[1].matches(name: "orders", labels: [:]))
        #expect(components[0].matches(name: "kafka", labels: [:]))
    }

    @Test(arguments: [
        ("components: kafka\n", "c.yaml:1: components: expected a list of components"),
        ("components:\n  - role: service\n", "c.yaml:2: components[0].name: every component needs a name"),
        ("components:\n  - name: a\n    kind: DaemonSet\n", "c.yaml:3: components[0].kind: must be StatefulSet or Deployment"),
        ("components:\n  - name: a\n    role: db\n", "c.yaml:3: components[0].role: must be infrastructure or service"),
        ("components:\n  - name: a\n    lables: {}\n", "c.yaml:3: components[0].lables: unknown key (known: kind, labels, name, role, workload)"),
    ])
    func badComponentsNameTheLine(text: String, message: String) {
        #expect(throws: ConfigurationError(message)) { try ConfigurationFile.parse(text, file: "c.yaml") }
    }
}
