/// The `err` of a jute reply header: 0 for success, a negative code otherwise
/// (`KeeperException.Code` in ZooKeeper's sources).
package struct ZooKeeperErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }

    package static let ok = Self(rawValue: 0)
    static let systemError = Self(rawValue: -1)
    static let runtimeInconsistency = Self(rawValue: -2)
    static let dataInconsistency = Self(rawValue: -3)
    static let connectionLoss = Self(rawValue: -4)
    static let marshallingError = Self(rawValue: -5)
    static let unimplemented = Self(rawValue: -6)
    static let operationTimeout = Self(rawValue: -7)
    static let badArguments = Self(rawValue: -8)
    static let unknownSession = Self(rawValue: -12)
    static let newConfigNoQuorum = Self(rawValue: -13)
    static let reconfigInProgress = Self(rawValue: -14)
    static let apiError = Self(rawValue: -100)
    package static let noNode = Self(rawValue: -101)
    package static let noAuth = Self(rawValue: -102)
    static let badVersion = Self(rawValue: -103)
    static let noChildrenForEphemerals = Self(rawValue: -108)
    static let nodeExists = Self(rawValue: -110)
    static let notEmpty = Self(rawValue: -111)
    static let sessionExpired = Self(rawValue: -112)
    static let invalidCallback = Self(rawValue: -113)
    static let invalidACL = Self(rawValue: -114)
    static let authFailed = Self(rawValue: -115)
    static let sessionMoved = Self(rawValue: -118)
    static let notReadOnly = Self(rawValue: -119)
    static let ephemeralOnLocalSession = Self(rawValue: -120)
    static let noWatcher = Self(rawValue: -121)
    package static let requestTimeout = Self(rawValue: -122)
    static let reconfigDisabled = Self(rawValue: -123)
    static let sessionClosedRequireSASLAuth = Self(rawValue: -124)
    static let quotaExceeded = Self(rawValue: -125)
    static let throttledOperation = Self(rawValue: -127)

    /// The name ZooKeeper's logs and tools print, such as `NONODE`; `UNKNOWN(-999)` for a code we do not know.
    package var name: String {
        switch rawValue {
        case 0: "OK"
        case -1: "SYSTEMERROR"
        case -2: "RUNTIMEINCONSISTENCY"
        case -3: "DATAINCONSISTENCY"
        case -4: "CONNECTIONLOSS"
        case -5: "MARSHALLINGERROR"
        case -6: "UNIMPLEMENTED"
        case -7: "OPERATIONTIMEOUT"
        case -8: "BADARGUMENTS"
        case -12: "UNKNOWNSESSION"
        case -13: "NEWCONFIGNOQUORUM"
        case -14: "RECONFIGINPROGRESS"
        case -100: "APIERROR"
        case -101: "NONODE"
        case -102: "NOAUTH"
        case -103: "BADVERSION"
        case -108: "NOCHILDRENFOREPHEMERALS"
        case -110: "NODEEXISTS"
        case -111: "NOTEMPTY"
        case -112: "SESSIONEXPIRED"
        case -113: "INVALIDCALLBACK"
        case -114: "INVALIDACL"
        case -115: "AUTHFAILED"
        case -118: "SESSIONMOVED"
        case -119: "NOTREADONLY"
        case -120: "EPHEMERALONLOCALSESSION"
        case -121: "NOWATCHER"
        case -122: "REQUESTTIMEOUT"
        case -123: "RECONFIGDISABLED"
        case -124: "SESSIONCLOSEDREQUIRESASLAUTH"
        case -125: "QUOTAEXCEEDED"
        case -127: "THROTTLEDOP"
        default: "UNKNOWN(\(rawValue))"
        }
    }

    package var description: String { name }
}
