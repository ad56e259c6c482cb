import Foundation
import Testing
@testable import InfraTopUI

@Suite struct ThemeSearchPathTests {
    @Test func theUserDirectoryFollowsXDG() {
        #expect(ThemeSearchPath.userDirectory(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/ops"])
            == "/cfg/infratop/themes")
        #expect(ThemeSearchPath.userDirectory(environment: ["XDG_CONFIG_HOME": "/cfg/", "HOME": "/home/ops"])
            == "/cfg/infratop/themes")
        #expect(ThemeSearchPath.userDirectory(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/ops"])
            == "/home/ops/.config/infratop/themes")
        #expect(ThemeSearchPath.userDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/ops"])
            == "/home/ops/.config/infratop/themes")
        #expect(ThemeSearchPath.userDirectory(environment: [:]) == nil)
    }

    @Test func theRepositoryDirectoryIsFoundAboveTheExecutable() throws {
        let root = NSTemporaryDirectory() + "infratop-search-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let binDirectory = root + "/repo/.build/x86_64-unknown-linux-gnu/debug"
        try FileManager.default.createDirectory(atPath: binDirectory, withIntermediateDirectories: true)
        // A themes/ folder without default.yaml is someone else's and is passed over.
        try FileManager.default.createDirectory(atPath: binDirectory + "/themes", withIntermediateDirectories: true)
        #expect(ThemeSearchPath.repositoryDirectory(above: binDirectory + "/infratop") == nil)

        try FileManager.default.createDirectory(atPath: root + "/repo/themes", withIntermediateDirectories: true)
        try "name: default\n".write(toFile: root + "/repo/themes/default.yaml", atomically: true, encoding: .utf8)
        let found = try #require(ThemeSearchPath.repositoryDirectory(above: binDirectory + "/infratop"))
        #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath().path
            == URL(fileURLWithPath: root + "/repo/themes").resolvingSymlinksInPath().path)
        #expect(ThemeSearchPath.standard(environment: ["HOME": "/home/ops"], executablePath: binDirectory + "/infratop")
            == ["/home/ops/.config/infratop/themes", found])
    }
}
