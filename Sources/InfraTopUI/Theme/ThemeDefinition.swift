/// A role's style as a theme file wrote it. Colours the file did not set stay `nil`, so they can be
/// inherited instead of meaning "the terminal's own colour".
struct RoleStyle: Hashable, Sendable {
    var foreground: Color?
    var background: Color?
    var attributes: TextAttributes = []
}

/// A theme as its file wrote it, before omitted roles and colours are filled in.
struct ThemeDefinition: Hashable, Sendable {
    var name: String?
    var roles: [ThemeRole: RoleStyle] = [:]

    /// The role's style as written, or as inherited from its parent roles, or from `base` for a base role.
    func roleStyle(_ role: ThemeRole, base: ThemeDefinition?) -> RoleStyle {
        if let written = roles[role] { return written }
        if let parent = role.parent { return roleStyle(parent, base: base) }
        return base?.roles[role] ?? RoleStyle()
    }

    /// Every role as a complete ``Style``: a role without `fg` takes `text`'s, one without `bg` sits
    /// on `background`'s, so views never have to combine roles themselves.
    func resolvedStyles(base: ThemeDefinition?) -> [ThemeRole: Style] {
        let textColor = roleStyle(.text, base: base).foreground ?? .default
        let backgroundColor = roleStyle(.background, base: base).background ?? .default
        var styles: [ThemeRole: Style] = [:]
        for role in ThemeRole.allCases {
            let written = roleStyle(role, base: base)
            styles[role] = Style(foreground: written.foreground ?? textColor,
                                 background: written.background ?? backgroundColor,
                                 attributes: written.attributes)
        }
        return styles
    }
}
