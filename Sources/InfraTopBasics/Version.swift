/// infratop's version, printed by `--version`, carried in the JSON model and in `/metrics`'s
/// `infratop_build_info`. Raised with each release.
package enum InfraTopVersion {
    package static let current = "0.5.0"
}
