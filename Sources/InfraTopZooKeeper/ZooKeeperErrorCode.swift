/// The `err` of a jute reply header: 0 for success, a negative code otherwise
/// (`KeeperException.Code` in ZooKeeper's sources).
package struct ZooKeeperErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }

    package static let ok = Self(rawValue: 0)
    package static let systemError = Self(rawValue: -1)
    package static let runtimeInconsistency = Self(rawValue: -2)
    package static let dataInconsistency = Self(rawValue: -3)
    package static let connectionLoss = Self(rawValue: -4)
    package static let marshallingError = Self(rawValue: -5)
    package static let unimplemented = Self(rawValue: -6)
    package static let operationTimeout = Self(rawValue: -7)
    package static let badArguments = Self(rawValue: -8)
    package static let unknownSession = Self(rawValue: -12)
    package static let newConfigNoQuorum = Self(rawValue: -13)
    package static let reconfigInProgress = Self(rawValue: -14)
    package static let apiError = Self(rawValue: -100)
    package static let noNode = Self(rawValue: -101)
    package static let noAuth = Self(rawValue: -102)
    package static let badVersion = Self(rawValue: -103)
    package static let noChildrenForEphemerals = Self(rawValue: -108)
    package static let nodeExists = Self(rawValue: -110)
    package static let notEmpty = Self(rawValue: -111)
    package static let sessionExpired = Self(rawValue: -112)
    package static let invalidCallback = Self(rawValue: -113)
    package static let invalidACL = Self(rawValue: -114)
    package static let authFailed = Self(rawValue: -115)
    package static let sessionMoved = Self(rawValue: -118)
    package static let notReadOnly = Self(rawValue: -119)
    package static let ephemeralOnLocalSession = Self(rawValue: -120)
    package static let noWatcher = Self(rawValue: -121)
    package static let requestTimeout = Self(rawValue: -122)
    package static let reconfigDisabled = Self(rawValue: -123)
    package static let sessionClosedRequireSASLAuth = Self(rawValue: -124)
    package static let quotaExceeded = Self(rawValue: -125)
    package static let throttledOperation = Self(rawValue: -127)

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
