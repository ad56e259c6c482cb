/// ListGroups request (key 16): the consumer groups one broker coordinates.
/// Ask every broker to see every group.
package struct ListGroupsRequest: KafkaRequest {
    package typealias Response = ListGroupsResponse
    package static let apiKey = KafkaAPIKey.listGroups
    package static let supportedVersions: ClosedRange<Int16> = 0...4
    package static let firstFlexibleVersion: Int16 = 3

    /// Group states to keep (v4+), such as "Stable"; empty keeps all.
    package var statesFilter: [String]

    package init(statesFilter: [String] = []) { self.statesFilter = statesFilter }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 4 { try writer.writeStringArray(statesFilter) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListGroupsRequest {
        var request = ListGroupsRequest()
        if version >= 4 { request.statesFilter = try reader.readStringArray() }
        try reader.readTaggedFields()
        return request
    }
}

/// ListGroups response: group ids with their protocol type and state.
package struct ListGroupsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.listGroups
    package static let supportedVersions = ListGroupsRequest.supportedVersions
    package static let firstFlexibleVersion = ListGroupsRequest.firstFlexibleVersion

    package struct Group: Sendable, Equatable {
        package var groupID: String
        /// "consumer" for consumer groups, "" for simple offset-only groups.
        package var protocolType: String
        /// The state (v4+), such as "Stable" or "Empty"; "" before v4.
        package var groupState: String

        package init(groupID: String, protocolType: String, groupState: String = "") {
            self.groupID = groupID
            self.protocolType = protocolType
            self.groupState = groupState
        }
    }

    /// Milliseconds the broker throttled the request (v1+).
    package var throttleTimeMs: Int32
    package var errorCode: KafkaErrorCode
    package var groups: [Group]

    package init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeErrorCode(errorCode)
        try writer.writeArray(groups) { writer, group in
            try writer.writeString(group.groupID)
            try writer.writeString(group.protocolType)
            if version >= 4 { try writer.writeString(group.groupState) }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListGroupsResponse {
        var response = ListGroupsResponse(groups: [])
        if version >= 1 { response.throttleTimeMs = try reader.readInt32() }
        response.errorCode = try reader.readErrorCode()
        response.groups = try reader.readArray(minimumElementSize: 2) { reader in
            var group = Group(groupID: try reader.readString(), protocolType: try reader.readString())
            if version >= 4 { group.groupState = try reader.readString() }
            try reader.readTaggedFields()
            return group
        }
        try reader.readTaggedFields()
        return response
    }
}
